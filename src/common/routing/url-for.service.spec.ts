import { Controller, Get, Post } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { RouteName } from './route-name.decorator.js';
import { RoutingModule } from './routing.module.js';
import { UrlBuildError, UrlForService } from './url-for.service.js';

@Controller('items')
class ItemsController {
  @Get()
  listItems() {}

  @Get(':id')
  showItem() {}

  @Post(':id/tags/:tag')
  @RouteName('tagItem')
  addTag() {}
}

@Controller()
class PagesController {
  @Get()
  home() {}

  @Get('files/*path')
  file() {}

  // A form and its submission: one path, one name.
  @Get('contact')
  contact() {}
}

@Controller('contact')
class ContactSubmitController {
  @Post()
  contact() {}
}

@Controller('other')
class ClashingController {
  @Get('items')
  listItems() {}
}

async function urlsFor(...controllers: (new () => object)[]) {
  const moduleRef = await Test.createTestingModule({
    imports: [RoutingModule],
    controllers,
  }).compile();
  await moduleRef.init();
  return moduleRef.get(UrlForService);
}

describe('UrlForService', () => {
  let urls: UrlForService;

  beforeAll(async () => {
    urls = await urlsFor(
      ItemsController,
      PagesController,
      ContactSubmitController,
    );
  });

  it('names routes after their handler method, or @RouteName', () => {
    expect(urls.urlFor('listItems')).toBe('/items');
    expect(urls.urlFor('home')).toBe('/');
    expect(urls.has('addTag')).toBe(false);
    expect(urls.urlFor('tagItem', { id: 7, tag: 'red' })).toBe(
      '/items/7/tags/red',
    );
  });

  it('fills path parameters, encoding them', () => {
    expect(urls.urlFor('showItem', { id: 42 })).toBe('/items/42');
    expect(urls.urlFor('showItem', { id: 'a b/c?' })).toBe(
      '/items/a%20b%2Fc%3F',
    );
  });

  it('fills a wildcard with a path of several segments', () => {
    expect(urls.urlFor('file', { path: 'docs/a b.txt' })).toBe(
      '/files/docs/a%20b.txt',
    );
  });

  it('puts other values and the query in the query string, skipping null and undefined', () => {
    expect(
      urls.urlFor(
        'showItem',
        { id: 1, page: 2, empty: undefined, none: null },
        { q: 'x&y', flag: true },
      ),
    ).toBe('/items/1?page=2&q=x%26y&flag=true');
    expect(urls.urlFor('home', {}, { next: '/a?b=c' })).toBe(
      '/?next=%2Fa%3Fb%3Dc',
    );
    expect(urls.urlFor('listItems', { page: 2 })).toBe('/items?page=2');
    expect(urls.urlFor('listItems', { page: undefined }, {})).toBe('/items');
  });

  it('fails with the name for an unknown route', () => {
    expect(() => urls.urlFor('nowhere')).toThrow(UrlBuildError);
    expect(() => urls.urlFor('nowhere')).toThrow(
      'url_for: no route is named "nowhere"',
    );
  });

  it('fails with the name when a path parameter is missing', () => {
    expect(() => urls.urlFor('showItem')).toThrow(/url_for\("showItem"\)/);
  });

  it('accepts one name for GET and POST of the same path', () => {
    expect(urls.urlFor('contact')).toBe('/contact');
  });

  it('lists both methods of a name that has a GET and a POST', () => {
    expect(
      urls
        .list()
        .filter((route) => route.name === 'contact')
        .map(({ method, handler }) => `${method} ${handler}`),
    ).toEqual([
      'GET PagesController.contact',
      'POST ContactSubmitController.contact',
    ]);
  });

  it('lists every named route', () => {
    expect(urls.list()).toEqual(
      expect.arrayContaining([
        {
          name: 'tagItem',
          method: 'POST',
          path: '/items/:id/tags/:tag',
          handler: 'ItemsController.addTag',
        },
      ]),
    );
  });

  it('stops the start-up when two routes share a name, naming both', async () => {
    await expect(urlsFor(ItemsController, ClashingController)).rejects.toThrow(
      /Two routes are named "listItems": ItemsController\.listItems \(\/items\) and ClashingController\.listItems \(\/other\/items\)/,
    );
  });
});
