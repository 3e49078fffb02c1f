import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApi, TestApi } from './test-app.js';

describe('HealthController', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await createTestApi();
  });
  afterAll(() => api.close());

  it('reports PostgreSQL and Redis up without credentials', async () => {
    const response = await api.http().get('/health').expect(200);
    expect(response.body).toEqual({ status: 'ok', dependencies: { postgres: 'up', redis: 'up' } });
  });

  it('serves the OpenAPI document with the catalogue routes', async () => {
    const response = await api.http().get('/api/docs-json').expect(200);
    expect(Object.keys(response.body.paths)).toEqual(
      expect.arrayContaining(['/api/indicators', '/api/targets/{id}/versions']),
    );
  });

  it('describes the bearer token truthfully (opaque, not a JWT) and gives every operation a summary', async () => {
    const { body } = await api.http().get('/api/docs-json').expect(200);
    expect(body.components.securitySchemes.bearer).toMatchObject({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'opaque',
    });
    const withoutSummary: string[] = [];
    for (const [path, operations] of Object.entries(
      body.paths as Record<string, Record<string, { summary?: string }>>,
    )) {
      for (const [method, operation] of Object.entries(operations)) {
        if (!operation.summary) withoutSummary.push(`${method.toUpperCase()} ${path}`);
      }
    }
    expect(withoutSummary).toEqual([]);
  });

  it('answers 401 with the error shape and a correlation id when no token is sent', async () => {
    const response = await api.http().get('/api/indicators').set('x-correlation-id', 'abcdef12-test').expect(401);
    expect(response.body).toEqual({
      statusCode: 401,
      code: 'AUTH.UNAUTHENTICATED',
      message: 'Sign in to continue.',
      correlationId: 'abcdef12-test',
    });
  });
});
