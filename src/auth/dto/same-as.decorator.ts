import { registerDecorator, type ValidationOptions } from 'class-validator';

/** The property must equal another property of the same object (a password confirmation). */
export function SameAs(
  property: string,
  options?: ValidationOptions,
): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: 'sameAs',
      target: target.constructor,
      propertyName: String(propertyName),
      constraints: [property],
      options,
      validator: {
        validate(value: unknown, args): boolean {
          const other = (args?.object as Record<string, unknown>)[property];
          return typeof value === 'string' && value === other;
        },
      },
    });
  };
}
