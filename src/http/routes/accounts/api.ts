import { ApiRouter } from '../../api-router';
import { errorResponses, json } from '../../openapi';

/** Who the bearer token belongs to. */
export function accountApi(): ApiRouter {
  const api = new ApiRouter();
  api.get('/me', { summary: 'The token’s user and roles', responses: { '200': { description: 'The user', ...json({ type: 'object' }) }, '401': errorResponses['401'] } }, (req, res) => {
    const user = req.user!;
    res.json({ id: user.id, email: user.email, name: user.name, roles: user.roles, createdAt: user.createdAt.toISOString() });
  });

  return api;
}
