import { SetMetadata } from '@nestjs/common';

export const ROUTE_NAME_METADATA = 'nest-sessions:route-name';

/**
 * Names a route for urlFor(). Without it a route is named after its handler
 * method, as Flask names an endpoint after its view function.
 */
export const RouteName = (name: string): MethodDecorator =>
  SetMetadata(ROUTE_NAME_METADATA, name);
