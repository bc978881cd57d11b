import { TRPCClientError } from '@trpc/client';
import { describe, expect, it } from 'vitest';
import { createApi } from './client.js';
import { describeError, problemText } from './errors.js';

/** What the client makes of a tRPC error response from the aelab server. */
function serverError(message: string, appCode: string, httpStatus: number) {
  return TRPCClientError.from({ error: { message, code: -32600, data: { code: 'BAD_REQUEST', httpStatus, path: 'runs.get', appCode } } });
}

describe('describeError', () => {
  it("reads the server's appCode", () => {
    expect(describeError(serverError('no run x', 'NOT_FOUND', 404))).toEqual({ kind: 'not-found', code: 'NOT_FOUND', message: 'no run x' });
    expect(describeError(serverError('missing or wrong bearer token', 'UNAUTHORIZED', 401)).kind).toBe('unauthorized');
    // A static host hands its index.html to API paths: not a server failure, not the aelab API either.
    expect(describeError(new SyntaxError(`Unexpected token '<', "<!doctype "... is not valid JSON`))).toEqual({
      kind: 'refused',
      code: 'NOT_AELAB_API',
      message: 'The address answered with a web page, not the aelab API.',
    });
    const invalid = describeError(serverError('invalid run config: training.epochs: Too small', 'INVALID_CONFIG', 400));
    expect(invalid).toEqual({ kind: 'error', code: 'INVALID_CONFIG', message: 'invalid run config: training.epochs: Too small' });
    expect(problemText(invalid)).toBe('invalid run config: training.epochs: Too small [INVALID_CONFIG]');
  });

  it('calls a server that does not answer unreachable', async () => {
    // Port 9 (discard) on loopback: nothing listens, the connection is refused.
    const api = createApi({ url: 'http://127.0.0.1:9', token: null });
    const err = await api.runs.list.query().catch((e: unknown) => e);
    const p = describeError(err);
    expect(p.kind).toBe('unreachable');
    expect(p.code).toBeNull();
  });

  it('tells an answer that is not the API from a refusal of the token', () => {
    const response = (status: number) => Object.assign(new TRPCClientError('Unable to transform response from server'), { meta: { response: { status } } });
    expect(describeError(response(403))).toMatchObject({ kind: 'refused', code: 'FORBIDDEN' });
    expect(describeError(response(502))).toMatchObject({ kind: 'refused', code: 'HTTP_502' });
    expect(describeError(response(401))).toMatchObject({ kind: 'unauthorized', code: 'UNAUTHORIZED' });
    expect(describeError(new Error('boom'))).toEqual({ kind: 'error', code: null, message: 'boom' });
  });
});
