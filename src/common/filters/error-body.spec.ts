import mongoose from 'mongoose';
import {
  BadRequestException,
  ForbiddenException,
  HttpStatus,
  NotFoundException,
  PayloadTooLargeException,
} from '@nestjs/common';
import { FormException } from '../http/form-errors.js';
import { MessageException } from '../http/message.exception.js';
import { RedirectException } from '../http/redirect.exception.js';
import {
  answerFor,
  clientErrorBody,
  crossOriginBody,
  errorPageModel,
  httpExceptionBody,
  jsonOf,
  mustNotBeStored,
  redirectJsonBody,
  unavailableBody,
  unexpectedErrorBody,
} from './error-body.js';

const GET_SECRET = {
  method: 'GET',
  path: '/secret',
  originalUrl: '/secret?x=1',
};

describe('error bodies', () => {
  describe('httpExceptionBody', () => {
    it('keeps the status, error and message of an HttpException', () => {
      expect(
        httpExceptionBody(
          new BadRequestException('key is required'),
          GET_SECRET,
        ),
      ).toEqual({
        statusCode: 400,
        error: 'Bad Request',
        message: 'key is required',
      });
    });

    it('names the reason phrase for a string response', () => {
      expect(
        httpExceptionBody(new PayloadTooLargeException(), GET_SECRET),
      ).toEqual({
        statusCode: 413,
        error: 'Payload Too Large',
        message: 'Payload Too Large',
      });
    });

    it("says a body parser's error in the app's words, not the parser's", () => {
      const parserError = Object.assign(
        new SyntaxError('Unexpected end of JSON input'),
        {
          status: 400,
          type: 'entity.parse.failed',
        },
      );
      const wrapped = new BadRequestException(parserError.message, {
        cause: parserError,
      });
      expect(httpExceptionBody(wrapped, GET_SECRET)).toEqual({
        statusCode: 400,
        error: 'Bad Request',
        message: 'The request body is not valid JSON.',
      });
    });

    it("shows Nest's unknown-route 404 as the visitor's path", () => {
      const notFound = new NotFoundException('Cannot GET /secret?x=1');
      expect(httpExceptionBody(notFound, GET_SECRET)).toMatchObject({
        statusCode: 404,
        message: 'Cannot GET /secret?x=1',
        display: {
          text: 'There is no page at %{path}',
          values: { path: '/secret' },
        },
      });
    });

    it('carries the page text of a MessageException and the fields of a FormException', () => {
      const shown = {
        text: 'There is no page at %{path}',
        values: { path: '/x' },
      };
      const refused = new MessageException(HttpStatus.NOT_FOUND, shown);
      expect(httpExceptionBody(refused, GET_SECRET).display).toBe(shown);
      const form = new FormException({
        email: [{ text: 'email is required' }],
      });
      expect(httpExceptionBody(form, GET_SECRET)).toEqual({
        statusCode: 400,
        error: 'Bad Request',
        message: 'email is required',
        errors: { email: ['email is required'] },
      });
    });
  });

  describe('clientErrorBody', () => {
    it.each([
      [
        { status: 413, type: 'entity.too.large' },
        413,
        'The request body is too large.',
      ],
      [
        { statusCode: 413, type: 'parameters.too.many' },
        413,
        'The form has too many fields.',
      ],
      [{ status: 400, expose: true, message: 'shown' }, 400, 'shown'],
      [
        { status: 400, expose: false, message: 'hidden detail' },
        400,
        'Bad request.',
      ],
    ])('reads %j as %i', (error, status, text) => {
      expect(clientErrorBody(error)).toMatchObject({
        statusCode: status,
        message: text,
      });
    });

    const noStatus = [undefined, 'text', new Error('no status')];
    it.each([...noStatus, { status: 500 }, { status: 302 }, { status: '400' }])(
      'leaves %p to the 500 handling',
      (error) => {
        expect(clientErrorBody(error)).toBeUndefined();
      },
    );
  });

  it('answers JSON clients of a guard with its JSON status', () => {
    expect(
      redirectJsonBody(
        new RedirectException(
          '/login',
          'Please log in to see this page',
          HttpStatus.UNAUTHORIZED,
        ),
      ),
    ).toEqual({
      statusCode: 401,
      error: 'Unauthorized',
      message: 'Please log in to see this page',
    });
  });

  it('words a cross-origin refusal as the expired-form message', () => {
    expect(crossOriginBody()).toMatchObject({
      statusCode: 403,
      error: 'Forbidden',
    });
    expect(crossOriginBody().message).toMatch(/did not come from this site/);
  });

  it('hides an unexpected error in production and names it in development', () => {
    const error = new TypeError('x is undefined');
    const production = unexpectedErrorBody(error, true);
    expect(production).toMatchObject({
      statusCode: 500,
      error: 'Internal Server Error',
    });
    expect(JSON.stringify(production)).not.toContain('x is undefined');
    expect(unexpectedErrorBody(error, false).message).toBe(
      'Something went wrong on our side: TypeError: x is undefined (details in the server log)',
    );
  });

  it('answers a database outage with 503', () => {
    expect(unavailableBody()).toMatchObject({
      statusCode: 503,
      error: 'Service Unavailable',
    });
  });

  it('marks 429 and 5xx answers no-store, others not', () => {
    const withStatus = (statusCode: number) => ({
      statusCode,
      error: '',
      message: '',
    });
    expect(
      [429, 500, 503, 404].map((status) => mustNotBeStored(withStatus(status))),
    ).toEqual([true, true, true, false]);
  });

  it('never sends the page text as JSON', () => {
    const body = unexpectedErrorBody(new Error('x'), false);
    expect(body.display).toBeDefined();
    expect(jsonOf(body)).toEqual({
      statusCode: 500,
      error: 'Internal Server Error',
      message: body.message,
    });
  });

  describe('errorPageModel', () => {
    it('titles a page by its status and shows its page text first', () => {
      const body = httpExceptionBody(
        new NotFoundException('Cannot GET /secret?x=1'),
        GET_SECRET,
      );
      expect(errorPageModel(body)).toEqual({
        title: 'Page not found',
        status: 404,
        message: body.display,
        errors: {},
        errorList: [],
        formSummary: undefined,
        values: {},
      });
    });

    it('joins a list of messages and falls back to the reason phrase as title', () => {
      expect(
        errorPageModel({
          statusCode: 418,
          error: "I'm a Teapot",
          message: ['a', 'b'],
        }),
      ).toMatchObject({ title: "I'm a Teapot", message: 'a; b' });
    });

    it('gives a refused form its errors, messages and the values that may be shown again', () => {
      const form = new FormException({
        email: [{ text: 'email is required' }],
      }).withForm('auth/login', {
        email: '',
        next: '/secret',
        password: 'never shown',
      });
      const model = errorPageModel(httpExceptionBody(form, GET_SECRET), form);
      expect(model.errors).toEqual({ email: ['email is required'] });
      expect(model.errorList).toEqual([{ text: 'email is required' }]);
      expect(model.values).toEqual({ email: '', next: '/secret' });
    });
  });

  describe('answerFor: how each exception is answered', () => {
    const page = { isProduction: true, wantsJson: false };
    const json = { isProduction: true, wantsJson: true };

    it('a guard’s redirect: a redirect for a browser, its status for a JSON client', () => {
      const redirect = new RedirectException(
        '/login?next=%2Fsecret',
        'Please log in to see this page',
        HttpStatus.UNAUTHORIZED,
      );
      expect(answerFor(redirect, GET_SECRET, page)).toEqual({
        kind: 'redirect',
        location: '/login?next=%2Fsecret',
        template: 'Please log in to see this page',
      });
      expect(answerFor(redirect, GET_SECRET, json)).toMatchObject({
        kind: 'error',
        body: { statusCode: 401 },
      });
    });

    it('a refused form: its body, with the form to show again', () => {
      const form = new FormException({
        email: [{ text: 'email is required' }],
      });
      expect(answerFor(form, GET_SECRET, page)).toMatchObject({
        kind: 'error',
        body: { statusCode: 400 },
        form,
      });
    });

    it('the framework’s cross-origin refusal: the CSRF message, with the reason to record', () => {
      const answer = answerFor(
        new ForbiddenException(
          'Cross-origin request detected (Sec-Fetch-Site: cross-site)',
        ),
        GET_SECRET,
        page,
      );
      expect(answer).toMatchObject({
        kind: 'error',
        body: crossOriginBody(),
        crossOrigin: expect.stringContaining('Sec-Fetch-Site') as unknown,
      });
    });

    it('a database that cannot answer: a 503, logged as a warning without a stack', () => {
      const answer = answerFor(
        new mongoose.mongo.MongoNetworkError('connection closed'),
        GET_SECRET,
        page,
      );
      expect(answer).toMatchObject({
        kind: 'error',
        body: unavailableBody(),
        log: { level: 'warn' },
      });
    });

    it('anything else: a 500 that says nothing of it, logged as an error with its stack', () => {
      const answer = answerFor(
        new TypeError('x is undefined'),
        GET_SECRET,
        page,
      );
      expect(answer).toMatchObject({
        kind: 'error',
        body: { statusCode: 500 },
        log: {
          level: 'error',
          stack: expect.stringContaining('TypeError') as unknown,
        },
      });
      expect(
        JSON.stringify(answer.kind === 'error' && answer.body),
      ).not.toContain('x is undefined');
    });
  });
});
