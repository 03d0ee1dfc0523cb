import type { ReminderSettings } from '@madang/contracts'
import type { Ctx } from '../../../ctx.ts'
import type { Actor } from '../../../core/auth/actor.ts'
import { contactsByIds } from '../../accounts/index.ts'
import { notifyOtherDevices } from '../../push/index.ts'
import { DEFAULT_REMINDER_TIMES, dueSlot, localMoment, normalizeTimes } from '../reminder-slots.ts'
import {
  findOpenTodosBetween,
  findReminderSettings,
  markReminderSent,
  upsertReminderSettings,
} from '../repository/index.ts'

/** The caller's reminder settings; the original's 08:00, 14:00 and 20:00 until they change them. */
export async function getReminderSettings(ctx: Ctx, actor: Actor): Promise<ReminderSettings> {
  const [row] = await findReminderSettings(ctx.db, [actor.userId])
  return row === undefined
    ? { isEnabled: true, times: [...DEFAULT_REMINDER_TIMES] }
    : { isEnabled: row.isEnabled, times: row.times }
}

/** Sets when (local times) the caller is reminded, or turns the reminders off. */
export async function updateReminderSettings(
  ctx: Ctx,
  actor: Actor,
  input: ReminderSettings,
): Promise<ReminderSettings> {
  const row = await upsertReminderSettings(ctx.db, {
    userId: actor.userId,
    isEnabled: input.isEnabled,
    times: normalizeTimes(input.times),
    updatedAt: ctx.clock.now(),
  })
  return { isEnabled: row?.isEnabled ?? input.isEnabled, times: row?.times ?? normalizeTimes(input.times) }
}

const PREVIEW_COUNT = 3

/**
 * Sends each user whose reminder slot is due in their time zone a push listing today's open todos
 * (the planner.send-reminders cron job, every minute). Users with nothing open today get nothing;
 * each slot fires once per user and local day, however often or late the job runs.
 */
export async function sendDueReminders(ctx: Ctx): Promise<{ sent: number }> {
  const now = ctx.clock.now()
  // Every time zone's "today" lies within a day of UTC's.
  const day = 24 * 3600 * 1000
  const from = new Date(now.getTime() - day).toISOString().slice(0, 10)
  const to = new Date(now.getTime() + day).toISOString().slice(0, 10)
  const open = await findOpenTodosBetween(ctx.db, from, to)
  const userIds = [...new Set(open.map((t) => t.userId))]
  if (userIds.length === 0) return { sent: 0 }
  const [contacts, settings] = await Promise.all([contactsByIds(ctx, userIds), findReminderSettings(ctx.db, userIds)])
  const settingsOf = new Map(settings.map((s) => [s.userId, s]))
  let sent = 0
  for (const userId of userIds) {
    const contact = contacts.get(userId)
    const setting = settingsOf.get(userId)
    if (contact === undefined || setting?.isEnabled === false) continue
    const local = localMoment(now, contact.timeZone)
    const slot = dueSlot(local.time, setting?.times ?? DEFAULT_REMINDER_TIMES)
    const today = open.filter((t) => t.userId === userId && t.date === local.date)
    if (slot === null || today.length === 0) continue
    await ctx.transaction(async (tx) => {
      if (!(await markReminderSent(tx, { userId, localDate: local.date, slot, sentAt: now }))) return
      await notifyOtherDevices(ctx, tx, {
        userId,
        exceptSessionId: null,
        message: {
          key: 'planner.push.reminder',
          params: {
            count: today.length,
            list: today
              .slice(0, PREVIEW_COUNT)
              .map((t) => `• ${t.content}`)
              .join('\n'),
          },
        },
        data: { kind: 'planner.reminder', url: `/planner?date=${local.date}` },
        urgency: 'normal',
      })
      sent += 1
    })
  }
  return { sent }
}
