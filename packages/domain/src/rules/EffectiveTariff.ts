/**
 * R32: a user's tariff is derived, never set: Corporate exactly while they are
 * a member of a group whose subscription is active (R41), otherwise Free.
 */
import type { Duration, DateTime } from "effect"
import type { Tariff, TariffCatalog } from "../config/Tariffs.js"
import type { Group } from "../model/Group.js"
import { grantsCorporate, groupStatus } from "./GroupStatus.js"

export const effectiveTariff = (
  group: Pick<Group, "paidThrough"> | null,
  now: DateTime.Utc,
  grace: Duration.Duration,
  catalog: TariffCatalog
): Tariff => group !== null && grantsCorporate(groupStatus(group, now, grace)) ? catalog.corporate : catalog.free
