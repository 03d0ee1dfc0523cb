import webPush from 'web-push'
import type { Executor } from '../../core/db/index.ts'
import { findVapidKeys, insertVapidKeysIfAbsent } from './repository.ts'
import type { VapidKeyPair } from './tables.ts'

/**
 * The stored VAPID key pair, generated and stored on first use when there is none. Processes that
 * race to create it all end up with the one that was stored first.
 */
export async function loadOrCreateVapidKeys(db: Executor): Promise<VapidKeyPair> {
  const stored = await findVapidKeys(db)
  if (stored !== undefined) return stored
  const { publicKey, privateKey } = webPush.generateVAPIDKeys()
  await insertVapidKeysIfAbsent(db, { publicKey, privateKey })
  const winner = await findVapidKeys(db)
  if (winner === undefined) throw new Error('push.vapid_keys is empty right after an insert')
  return winner
}
