// manifest.json (a template with {{NAME}} placeholders) → the manifest for one deployment, and its
// check against the Teams schema bundled in @microsoft/app-manifest (offline: never fetched).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { AppManifestUtils, type TeamsManifest } from '@microsoft/app-manifest';
import type { PackageInputs } from './inputs';

export const TEMPLATE_FILE = path.join(__dirname, 'manifest.json');

const PLACEHOLDER = /\{\{([A-Z_]+)\}\}/g;

function placeholderValues(inputs: PackageInputs): Record<string, string> {
  return {
    BOT_APP_ID: inputs.botAppId,
    BOT_DOMAIN: inputs.botDomain,
    APP_VERSION: inputs.appVersion,
    APP_SHORT_NAME: inputs.shortName,
    APP_FULL_NAME: inputs.fullName,
    DEVELOPER_NAME: inputs.developerName,
    APP_WEBSITE_URL: inputs.websiteUrl,
    APP_PRIVACY_URL: inputs.privacyUrl,
    APP_TERMS_URL: inputs.termsUrl,
    ...(inputs.ssoClientId && inputs.ssoAppIdUri ? { SSO_CLIENT_ID: inputs.ssoClientId, SSO_APP_ID_URI: inputs.ssoAppIdUri } : {}),
  };
}

/** The template's webApplicationInfo (Teams SSO) stays for delegated issuance and goes without an SSO app. */
function withSso(manifest: Record<string, unknown>, inputs: PackageInputs): Record<string, unknown> {
  if (inputs.ssoClientId) return manifest;
  const { webApplicationInfo: _unused, ...rest } = manifest;
  return rest;
}

// Substituting in parsed strings, not in the JSON text, means no value can break the JSON.
function substitute(node: unknown, values: Record<string, string>, unknown: Set<string>): unknown {
  if (typeof node === 'string') {
    return node.replace(PLACEHOLDER, (whole, name: string) => {
      const value = values[name];
      if (value === undefined) unknown.add(whole);
      return value ?? whole;
    });
  }
  if (Array.isArray(node)) return node.map((child) => substitute(child, values, unknown));
  if (node && typeof node === 'object') {
    return Object.fromEntries(Object.entries(node).map(([key, child]) => [key, substitute(child, values, unknown)]));
  }
  return node;
}

export function fillTemplate(templateJson: string, inputs: PackageInputs): TeamsManifest {
  const unknown = new Set<string>();
  const filled = substitute(withSso(JSON.parse(templateJson) as Record<string, unknown>, inputs), placeholderValues(inputs), unknown);
  if (unknown.size > 0) throw new Error(`manifest template has unknown placeholders: ${[...unknown].join(', ')}`);
  // The shape is checked against the Teams schema right after, in validateManifest.
  return filled as TeamsManifest;
}

/** Path of the schema the manifest's $schema names, inside @microsoft/app-manifest. */
export function bundledSchemaFile(schemaUrl: string | undefined): string {
  const version = /\/json-schemas\/teams\/(v[0-9.]+)\/MicrosoftTeams\.schema\.json$/.exec(schemaUrl ?? '')?.[1];
  if (!version) throw new Error(`manifest $schema is not a Teams schema URL: ${schemaUrl ?? '(none)'}`);
  const file = path.join(
    path.dirname(require.resolve('@microsoft/app-manifest')),
    'json-schemas',
    'teams',
    version,
    'MicrosoftTeams.schema.json',
  );
  if (!existsSync(file)) throw new Error(`Teams schema ${version} is not bundled with @microsoft/app-manifest (v1.18 never is)`);
  return file;
}

/** Schema errors, empty when the manifest is valid. */
export async function validateManifest(manifest: TeamsManifest): Promise<string[]> {
  const file = bundledSchemaFile(manifest.$schema);
  // Same clean-up AppManifestUtils.fetchSchema applies: some schemas contain \a and \v escapes JSON lacks.
  const schema = JSON.parse(readFileSync(file, 'utf8').replace(/\\a/g, '\\u0007').replace(/\\v/g, '\\u000b')) as Parameters<
    typeof AppManifestUtils.validateAgainstSchema
  >[1];
  return AppManifestUtils.validateAgainstSchema(manifest, schema);
}
