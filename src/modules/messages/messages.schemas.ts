import { z } from 'zod';
import { pageResult, zPaging } from '../../kernel/schemas';

export const messageStatus = z.enum(['sent', 'failed']);

export const messageDto = z.object({
  id: z.string(),
  channel: z.enum(['sms']),
  recipient: z.string(),
  template: z.string(),
  content: z.string(),
  status: messageStatus,
  provider: z.string(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
});
export type MessageDto = z.infer<typeof messageDto>;

export const messageListQuery = z.object({
  ...zPaging,
  /** part of the phone number */
  recipient: z.string().trim().max(32).optional(),
  status: messageStatus.optional(),
  template: z.string().trim().max(64).optional(),
});
export type MessageListQuery = z.infer<typeof messageListQuery>;
export const messagePage = pageResult(messageDto);

/** What `sms.send` outbox messages carry. */
export const smsPayload = z.object({
  to: z.string(),
  template: z.string(),
  content: z.string(),
  queuedAt: z.string(),
});
export type SmsPayload = z.infer<typeof smsPayload>;
