import request from 'supertest';
import { useTestApp } from './utils/test-app.js';

describe('GET /health', () => {
  const t = useTestApp();

  it('answers 200 with mongo up when the database answers a ping', async () => {
    const res = await request(t.server).get('/health').expect(200);
    expect(res.body).toEqual({
      status: 'ok',
      mongo: 'up',
      sessions: { store: 'mongodb', status: 'up' },
    });
    expect(res.headers['set-cookie']).toBeUndefined();
  });
});
