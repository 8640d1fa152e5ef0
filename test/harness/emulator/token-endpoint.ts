// POST /{tenant}/oauth2/v2.0/token: the client-credentials grant for the seed's applications, with
// Entra's AADSTS refusals for the mistakes a deployment makes (wrong secret, wrong app, wrong scope);
// the on-behalf-of grant (jwt-bearer) is answered by on-behalf-of.ts after the same client checks.
import { timingSafeEqual } from 'node:crypto';
import { GRAPH_APP_ID, GRAPH_RESOURCE, type SigningKey, TOKEN_LIFETIME_SECONDS, servicePrincipalId } from './access-tokens';
import { JWT_BEARER, issueOnBehalfOf } from './on-behalf-of';
import { VERIFIED_ID_RESOURCE } from './verified-id';
import { type StsAnswer, stsError } from './sts-errors';
import { type Tenant } from './tenant';

export interface TokenRequest {
  form: URLSearchParams;
  /** The Authorization header, for client_secret_basic. */
  authorization: string | undefined;
  contentType: string | undefined;
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function basicCredentials(authorization: string | undefined): { id: string; secret: string } | null {
  const encoded = /^Basic\s+(\S+)$/i.exec(authorization ?? '')?.[1];
  if (!encoded) return null;
  const [id, ...rest] = Buffer.from(encoded, 'base64').toString('utf8').split(':');
  return id ? { id: decodeURIComponent(id), secret: decodeURIComponent(rest.join(':')) } : null;
}

/** The resource of a client-credentials scope (`https://graph.microsoft.com/.default`), or null. */
function scopeResource(scope: string): string | null {
  const m = /^(.+?)\/?\/\.default$/.exec(scope.trim());
  return m ? (m[1] as string) : null;
}

export function issueToken(request: TokenRequest, tenant: Tenant, key: SigningKey, issuer: string, now: Date): StsAnswer {
  if (!/^application\/x-www-form-urlencoded/i.test(request.contentType ?? '')) {
    return stsError(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'grant_type'.", now);
  }
  const { form } = request;
  const grant = form.get('grant_type');
  if (!grant) return stsError(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'grant_type'.", now);
  if (grant !== 'client_credentials' && grant !== JWT_BEARER)
    return stsError(400, 'unsupported_grant_type', 70003, `The app requested an unsupported grant type '${grant}'.`, now);
  const basic = basicCredentials(request.authorization);
  const clientId = form.get('client_id') ?? basic?.id;
  if (!clientId)
    return stsError(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'client_id'.", now);
  const scope = form.get('scope');
  if (!scope) return stsError(400, 'invalid_request', 900144, "The request body must contain the following parameter: 'scope'.", now);
  const app = tenant.application(clientId);
  if (!app) {
    return stsError(
      400,
      'unauthorized_client',
      700016,
      `Application with identifier '${clientId}' was not found in the directory '${tenant.displayName}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
      now,
    );
  }
  const secret = form.get('client_secret') ?? basic?.secret;
  if (secret === undefined || secret === null) {
    if (form.get('client_assertion')) {
      return stsError(
        401,
        'invalid_client',
        700027,
        'Client assertion failed signature validation. The key was not found among the credentials registered for the application.',
        now,
      );
    }
    return stsError(
      401,
      'invalid_client',
      7000216,
      `'client_assertion', 'client_secret' or 'request' is required for the '${grant}' grant type.`,
      now,
    );
  }
  if (!sameSecret(secret, app.clientSecret)) {
    return stsError(
      401,
      'invalid_client',
      7000215,
      `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${app.appId}'.`,
      now,
    );
  }
  if (grant === JWT_BEARER) return issueOnBehalfOf(form, app, tenant, key, issuer, now);
  const resource = scopeResource(scope);
  if (resource === null) {
    return stsError(
      400,
      'invalid_scope',
      1002012,
      `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
      now,
    );
  }
  // Verified ID's Request Service exists as a resource only in a tenant that set it up (verified-id-seed.ts).
  const verifiedId = tenant.verifiedId !== null && resource.toLowerCase() === VERIFIED_ID_RESOURCE;
  if (resource.toLowerCase() !== GRAPH_RESOURCE && resource.toLowerCase() !== GRAPH_APP_ID && !verifiedId) {
    return stsError(
      400,
      'invalid_resource',
      500011,
      `The resource principal named ${resource} was not found in the tenant named ${tenant.displayName}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`,
      now,
    );
  }
  const oid = servicePrincipalId(tenant.id, app.appId);
  const accessToken = key.sign(
    {
      aud: verifiedId ? VERIFIED_ID_RESOURCE : GRAPH_RESOURCE,
      tid: tenant.id,
      appid: app.appId,
      app_displayname: app.displayName,
      // Entra issues an app-only token whatever the app was granted; `roles` holds this resource's grants (maybe none),
      // and the resource refuses what they do not allow (verified-id.ts answers 403 without the permission).
      roles: verifiedId ? [...app.grantedVerifiedIdPermissions] : [...app.grantedApplicationPermissions],
      oid,
      sub: oid,
      idtyp: 'app',
    },
    issuer,
  );
  return {
    status: 200,
    body: {
      token_type: 'Bearer',
      expires_in: TOKEN_LIFETIME_SECONDS - 1,
      ext_expires_in: TOKEN_LIFETIME_SECONDS - 1,
      access_token: accessToken,
    },
  };
}
