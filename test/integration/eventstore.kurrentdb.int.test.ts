import { GenericContainer, getContainerRuntimeClient, type StartedTestContainer, Wait } from 'testcontainers';
import { afterAll, beforeAll, describe, it } from 'vitest';
import type { EventStore } from '../../src/eventstore/eventStore.js';
import { createKurrentDbEventStore } from '../../src/eventstore/kurrentdb.js';
import { defineEventStoreContract } from './eventstore.contract.js';

const IMAGE = process.env.KURRENTDB_IMAGE ?? 'docker.kurrent.io/kurrent-latest/kurrentdb:latest';
const PORT = 2113;

/** EVENTSTORE_URL wins; else a throwaway container if a Docker engine answers; else the reason we can't. */
async function findTarget(): Promise<{ url: string } | { container: true } | { skip: string }> {
  if (process.env.EVENTSTORE_URL) return { url: process.env.EVENTSTORE_URL };
  try {
    await getContainerRuntimeClient();
    return { container: true };
  } catch (error) {
    return { skip: `EVENTSTORE_URL is not set and no Docker engine was found (${(error as Error).message})` };
  }
}

async function startContainer(): Promise<StartedTestContainer> {
  // The same settings under the old image's EVENTSTORE_ prefix and the new KURRENTDB_ one.
  const prefix = IMAGE.includes('eventstore') ? 'EVENTSTORE' : 'KURRENTDB';
  return new GenericContainer(IMAGE)
    .withEnvironment({
      [`${prefix}_INSECURE`]: 'true',
      [`${prefix}_CLUSTER_SIZE`]: '1',
      [`${prefix}_RUN_PROJECTIONS`]: 'None',
      [`${prefix}_MEM_DB`]: 'true',
    })
    .withExposedPorts(PORT)
    .withWaitStrategy(Wait.forHttp('/health/live', PORT).forStatusCodeMatching((code) => code < 300))
    .withStartupTimeout(120_000)
    .start();
}

const target = await findTarget();

if ('skip' in target) {
  console.log(`[tests] KurrentDB event store contract skipped: ${target.skip}`);
  describe.skip('KurrentDB event store contract', () => {
    it.skip('needs EVENTSTORE_URL or a Docker engine', () => undefined);
  });
} else {
  let container: StartedTestContainer | undefined;
  let store: EventStore;
  beforeAll(async () => {
    let url = 'url' in target ? target.url : '';
    if ('container' in target) {
      container = await startContainer();
      url = `kurrentdb://${container.getHost()}:${container.getMappedPort(PORT)}?tls=false`;
    }
    store = createKurrentDbEventStore(url);
  }, 180_000);
  afterAll(async () => {
    await store?.close();
    await container?.stop();
  });

  defineEventStoreContract('KurrentDB', () => store);
}
