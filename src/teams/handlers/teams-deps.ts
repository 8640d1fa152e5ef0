// What the Teams handlers share. Built once in handlers/index.ts.
import type { Config } from '../../config';
import type { Logger } from '../../logger';
import type { UseCases } from '../../app';
import type { CardRenderer } from '../cards/renderer';
import type { Conversations } from '../conversations';
import type { DelegatedSignIn } from './clicker-sign-in';

export interface TeamsDeps {
  config: Config;
  useCases: UseCases;
  cards: CardRenderer;
  conversations: Conversations;
  clock: { now(): Date };
  logger: Logger;
  /** PASS_ISSUANCE=delegated: Teams SSO and the approvers' on-behalf-of tokens; null in application mode. */
  signIn?: DelegatedSignIn | null;
}
