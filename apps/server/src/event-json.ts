import type { TrainEvent } from './train-event.js';

/** Events larger than this (big weight snapshots) are stored without their arrays; live subscribers get them whole. */
export const MAX_STORED_EVENT_BYTES = 256 * 1024;

/** A copy with every number array emptied (shapes and the other fields kept), marked `omitted`. */
export function withoutArrays(event: TrainEvent): TrainEvent {
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.length > 64 && v.every((x) => typeof x === 'number') ? [] : v.map(strip);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, k === 'shape' ? x : strip(x)]));
    return v;
  };
  return { ...(strip(event) as TrainEvent), omitted: true };
}

/**
 * What a training thread sends for an event that may be big (a snapshot): its JSON, made in the training thread, and
 * the copy to store (the event itself, or without its arrays when the JSON is over the limit). The request thread
 * then neither copies nor serialises the arrays: it stores the small copy and writes the JSON to live subscribers.
 */
export function forTransfer(event: TrainEvent): { event: TrainEvent; json: string } {
  const json = JSON.stringify(event);
  return { event: json.length <= MAX_STORED_EVENT_BYTES ? event : withoutArrays(event), json };
}
