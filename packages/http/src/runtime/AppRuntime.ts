/**
 * The bridge between Express and Effect (DESIGN.md *HTTP*): one
 * `ManagedRuntime` built from the chosen services layer and the domain
 * configuration, shared by every handler and disposed on shutdown (closing
 * the store). Building it before listening surfaces a store that cannot open
 * as a failed start, not as 503s.
 */
import { DomainConfig, type DomainConfigShape } from "@corporate-groups/domain"
import { Layer, ManagedRuntime } from "effect"
import type { AppServices } from "../storage/StorageLayer.js"

export type AppRuntime = ManagedRuntime.ManagedRuntime<AppServices, unknown>

export const makeAppRuntime = <E>(services: Layer.Layer<AppServices, E>, config: DomainConfigShape): AppRuntime =>
  ManagedRuntime.make(Layer.merge(services, Layer.succeed(DomainConfig, config)))
