import type { Config } from '../config.ts';
import type { Carrier } from './index.ts';
import { SimulatorCarrier, type StatusSink } from './simulator.ts';

/** What a carrier may call back into: the simulator reports status changes like a webhook would. */
export interface CarrierHooks {
  onStatus: StatusSink;
}

/** Builds the configured carrier: the in-process simulator or Twilio through its official SDK. */
export async function createCarrier(config: Config, hooks: CarrierHooks): Promise<Carrier> {
  if (config.carrier === 'twilio') {
    const { TwilioCarrier } = await import('./twilio.ts');
    return new TwilioCarrier(config);
  }
  return new SimulatorCarrier(config, hooks.onStatus);
}
