// Numbers v1 Porting/Configuration/Webhook: POST sets the account's porting webhook targets and events
// (only the keys given change), GET reads it, DELETE .../{PORT_IN|PORT_OUT} clears one target.
import { AppError, invalidParameter } from '../../domain/errors.ts';
import { normalizedBody } from '../../domain/porting/body.ts';
import { applyWebhookChange, parseWebhookConfigChange, type PortingWebhookConfig } from '../../domain/porting/webhook-config.ts';
import type { AppDeps } from '../deps.ts';

export const configurePortingWebhooks = async (deps: AppDeps, accountSid: string, rawBody: unknown): Promise<PortingWebhookConfig> => {
  const change = parseWebhookConfigChange(normalizedBody(rawBody));
  return deps.store.transaction(async (tx) => {
    const config = applyWebhookChange(accountSid, await tx.getPortingWebhookConfig(accountSid), change, deps.clock.now());
    await tx.putPortingWebhookConfig(config);
    return config;
  });
};

/** The account's configuration; with none yet, one with no targets and no events. */
export const fetchPortingWebhooks = async (deps: AppDeps, accountSid: string): Promise<PortingWebhookConfig> => {
  const config = await deps.store.getPortingWebhookConfig(accountSid);
  if (config) return config;
  const now = deps.clock.now();
  return { accountSid, portInTargetUrl: null, portOutTargetUrl: null, notificationsOf: [], dateCreated: now, dateUpdated: now };
};

export const removePortingWebhook = async (deps: AppDeps, accountSid: string, webhookType: string): Promise<void> => {
  const type = webhookType.toUpperCase();
  if (type !== 'PORT_IN' && type !== 'PORT_OUT') throw invalidParameter('WebhookType', 'Expected PORT_IN or PORT_OUT.');
  await deps.store.transaction(async (tx) => {
    const current = await tx.getPortingWebhookConfig(accountSid);
    const target = type === 'PORT_IN' ? current?.portInTargetUrl : current?.portOutTargetUrl;
    if (!current || !target) throw new AppError('not-found', `The requested resource /Porting/Configuration/Webhook/${type} was not found`);
    const change = type === 'PORT_IN' ? { portInTargetUrl: null } : { portOutTargetUrl: null };
    await tx.putPortingWebhookConfig(applyWebhookChange(accountSid, current, change, deps.clock.now()));
  });
};
