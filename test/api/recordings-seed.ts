// A recording for API suites: there is no API that creates one (recordings come from calls), so it is made
// the way the engine makes one: a traffic record for a call, then storeRecording with a sandbox voicemail.
import { voicemailWav } from '../../src/app/recordings/sandbox-audio.ts';
import { storeRecording } from '../../src/app/recordings/store-recording.ts';
import type { NumberTraffic } from '../../src/domain/programmable/traffic.ts';
import { sid, usNumber } from '../support/fixtures.ts';
import { ACCOUNT_SID, type Api } from './support.ts';

/** A voice traffic record of `accountSid` (a call to one of its numbers), stored. */
export const seedCallTraffic = async (api: Api, accountSid: string = ACCOUNT_SID): Promise<NumberTraffic> => {
  const now = api.clock.now();
  const traffic: NumberTraffic = {
    sid: sid('numberTraffic'), accountSid, numberSid: sid('phoneNumber'), phoneNumber: usNumber(), channel: 'voice', carrier: 'sandbox',
    resourceSid: sid('call'), from: usNumber(), to: usNumber(), body: '', application: 'flow', attestation: null, flowSid: null, flowRevision: null,
    status: 'in-progress', durationSeconds: null, dateCreated: now, dateUpdated: now,
  };
  await api.runtime.deps.store.insertTraffic(traffic, []);
  return traffic;
};

/** A completed 2-second voicemail of `accountSid`; returns its RE sid. */
export const seedRecording = async (api: Api, accountSid: string = ACCOUNT_SID): Promise<string> => {
  const traffic = await seedCallTraffic(api, accountSid);
  const recording = await storeRecording(api.runtime.deps, {
    traffic, callSid: traffic.resourceSid, source: 'voicemail', durationSeconds: 2,
    audio: { kind: 'bytes', contentType: 'audio/wav', data: voicemailWav('battery', 2), transcript: 'battery' },
  });
  return recording.sid;
};
