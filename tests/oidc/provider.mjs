// A real OpenID Connect provider (panva/oidc-provider) for WPQ's sign-in tests, on 127.0.0.1:PORT.
//
// Environment: PORT; ACCOUNTS, a JSON object of login -> claims (sub, email, name, oid); REDIRECT_URI and
// POST_LOGOUT_REDIRECT_URI for every client. Any password is accepted at the provider's login form.
//
// Clients: "wpq" behaves as Microsoft Entra ID would. Three more misbehave at the token endpoint, so that
// WPQ's checks of the ID token are tested against what a faulty or hostile provider sends:
// "wpq-wrong-audience" (a token for another application), "wpq-expired" (a token whose time has run out) and
// "wpq-tampered" (a token whose signature does not match its content).
import Provider from 'oidc-provider';
import * as jose from 'jose';

const port = Number(process.env.PORT);
const issuer = `http://127.0.0.1:${port}`;
const accounts = JSON.parse(process.env.ACCOUNTS || '{}');
const secret = 'test-client-secret-for-wpq-sign-in-tests';

const { privateKey } = await jose.generateKeyPair('RS256', { extractable: true });
const signingKey = { ...(await jose.exportJWK(privateKey)), kid: 'wpq-test-key', alg: 'RS256', use: 'sig' };

const client = (id) => ({
  client_id: id,
  client_secret: secret,
  redirect_uris: [process.env.REDIRECT_URI],
  post_logout_redirect_uris: [process.env.POST_LOGOUT_REDIRECT_URI],
  grant_types: ['authorization_code'],
  response_types: ['code'],
});

const provider = new Provider(issuer, {
  clients: ['wpq', 'wpq-wrong-audience', 'wpq-expired', 'wpq-tampered'].map(client),
  jwks: { keys: [signingKey] },
  cookies: { keys: ['wpq-test-cookie-key'] },
  pkce: { required: () => true },
  conformIdTokenClaims: false,
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'oid'] },
  features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
  async findAccount(ctx, id) {
    const claims = accounts[id] || { sub: id };
    return { accountId: id, async claims() { return { email_verified: true, ...claims, sub: claims.sub || id }; } };
  },
  // Staff have consented through the council: skip the consent screen, as Entra ID does for a tenant's apps.
  async loadExistingGrant(ctx) {
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope('openid email profile');
    await grant.save();
    return grant;
  },
});

const key = await jose.importJWK(signingKey, 'RS256');

async function resign(idToken, change) {
  const claims = jose.decodeJwt(idToken);
  change(claims);
  return new jose.SignJWT(claims).setProtectedHeader({ alg: 'RS256', kid: signingKey.kid, typ: 'JWT' }).sign(key);
}

provider.use(async (ctx, next) => {
  await next();
  if (ctx.path !== '/token' || !ctx.body || !ctx.body.id_token) return;
  const clientId = ctx.oidc && ctx.oidc.client && ctx.oidc.client.clientId;
  if (clientId === 'wpq-wrong-audience') {
    // Issued to another application, naming this client only as the authorised party: the audience check
    // (not the azp check) must refuse it.
    ctx.body.id_token = await resign(ctx.body.id_token, (claims) => {
      claims.azp = clientId;
      claims.aud = 'another-councils-application';
    });
  } else if (clientId === 'wpq-expired') {
    const now = Math.floor(Date.now() / 1000);
    ctx.body.id_token = await resign(ctx.body.id_token, (claims) => { claims.iat = now - 7200; claims.exp = now - 3600; });
  } else if (clientId === 'wpq-tampered') {
    const [header, payload, signature] = ctx.body.id_token.split('.');
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    claims.email = 'someone.else@council.example';
    ctx.body.id_token = [header, Buffer.from(JSON.stringify(claims)).toString('base64url'), signature].join('.');
  }
});

provider.listen(port, '127.0.0.1', () => console.log(`oidc-provider listening on ${issuer}`));
