// Builds the Bot Framework CloudAdapter from config. Inbound JWT validation is botbuilder's own;
// with no app id (demo mode only) botbuilder accepts unauthenticated traffic, which config forbids in production.
import {
  type Activity,
  CloudAdapter,
  type InvokeResponse,
  type TurnContext,
  ConfigurationBotFrameworkAuthentication,
  type ConfigurationBotFrameworkAuthenticationOptions,
} from 'botbuilder';
import { AuthenticationConstants } from 'botframework-connector';
import type { Config } from '../config';
import { ClientCredentialsFactory } from './client-credentials-factory';
import { CachingBotFrameworkAuthentication } from './connector-cache';

/**
 * CloudAdapter.process answers some authentication failures with 500 and the error text; the HTTP
 * layer validates the request shape itself and calls this instead, so it can answer 401 with no detail.
 */
export class TapDeskAdapter extends CloudAdapter {
  processRequest(
    authHeader: string,
    activity: Activity,
    logic: (context: TurnContext) => Promise<void>,
  ): Promise<InvokeResponse | undefined> {
    return this.processActivity(authHeader, activity, logic);
  }
}

export function createAdapter(config: Config): TapDeskAdapter {
  const { bot } = config;
  const options: ConfigurationBotFrameworkAuthenticationOptions = {
    MicrosoftAppId: bot.appId ?? '',
    MicrosoftAppPassword: bot.appPassword ?? '',
    MicrosoftAppType: bot.appId ? bot.appType : 'MultiTenant',
    MicrosoftAppTenantId: bot.appType === 'MultiTenant' ? '' : config.tenantId,
  };
  if (bot.channelService) {
    // botbuilder takes all seven literally once any one is set (src/teams/README.md), so set them together.
    Object.assign(options, {
      ToBotFromChannelOpenIdMetadataUrl: bot.channelService.openIdMetadataUrl,
      ToBotFromEmulatorOpenIdMetadataUrl: bot.channelService.openIdMetadataUrl,
      ToBotFromChannelTokenIssuer: bot.channelService.tokenIssuer,
      ToChannelFromBotLoginUrl: bot.channelService.loginUrl,
      ToChannelFromBotOAuthScope: bot.channelService.oauthScope,
      OAuthUrl: bot.oauthUrl ?? AuthenticationConstants.OAuthUrl,
      CallerId: 'urn:botframework:azure',
    });
    const factory = new ClientCredentialsFactory(
      bot.appId ?? '',
      bot.appPassword ?? '',
      bot.channelService.loginUrl,
      bot.channelService.oauthScope,
    );
    return new TapDeskAdapter(
      new CachingBotFrameworkAuthentication(new ConfigurationBotFrameworkAuthentication(options, factory), bot.appId ?? ''),
    );
  }
  if (bot.oauthUrl) {
    // Another token service (a regional one, or the emulator's): the SDK's own OAuthUrl setting, which the
    // user-token client honours. Any one parameterized setting makes botbuilder take all seven, so the
    // others are the public cloud's own values, as botbuilder would have chosen them.
    Object.assign(options, {
      ToBotFromChannelOpenIdMetadataUrl: AuthenticationConstants.ToBotFromChannelOpenIdMetadataUrl,
      ToBotFromEmulatorOpenIdMetadataUrl: AuthenticationConstants.ToBotFromEmulatorOpenIdMetadataUrl,
      ToBotFromChannelTokenIssuer: AuthenticationConstants.ToBotFromChannelTokenIssuer,
      ToChannelFromBotLoginUrl: AuthenticationConstants.ToChannelFromBotLoginUrl,
      ToChannelFromBotOAuthScope: AuthenticationConstants.ToChannelFromBotOAuthScope,
      OAuthUrl: bot.oauthUrl,
      CallerId: 'urn:botframework:azure',
    });
  }
  return new TapDeskAdapter(new CachingBotFrameworkAuthentication(new ConfigurationBotFrameworkAuthentication(options), bot.appId ?? ''));
}
