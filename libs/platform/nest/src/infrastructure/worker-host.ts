import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import { HealthRegistry } from '../health/health.registry';

/** A background loop of a service (a consumer, a projection, a relay, a scheduler). */
export interface BackgroundWorker {
  name: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  health(): { alive: boolean };
}

/** A dependency closed last on shutdown (database pools, the event store, the bus); `ping` makes it a readiness check. */
export interface Closeable {
  name?: string;
  ping?(): Promise<boolean>;
  close(): Promise<void>;
}

const WORKERS = Symbol('BACKGROUND_WORKERS');
const RESOURCES = Symbol('SERVICE_RESOURCES');

/**
 * Starts the service's workers once the app is up, reports each in `/health/ready`, and on shutdown stops
 * them (each finishes and acknowledges the batch in hand) before closing the resources they use.
 */
@Injectable()
export class WorkerHost implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('WorkerHost');

  constructor(
    @Inject(WORKERS) private readonly workers: BackgroundWorker[],
    @Inject(RESOURCES) private readonly resources: Closeable[],
    private readonly healthRegistry: HealthRegistry,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    for (const resource of this.resources) {
      const ping = resource.ping?.bind(resource);
      if (resource.name && ping) this.healthRegistry.register(resource.name, async () => ({ ok: await ping().catch(() => false) }));
    }
    for (const worker of this.workers) {
      await worker.start();
      this.healthRegistry.register(`worker:${worker.name}`, async () => {
        const health = worker.health();
        return { ok: health.alive, detail: health };
      });
    }
    this.logger.log(`started ${this.workers.map((w) => w.name).join(', ') || 'no workers'}`);
  }

  async onApplicationShutdown(): Promise<void> {
    for (const worker of [...this.workers].reverse()) {
      await worker.stop().catch((error) => this.logger.error(`stopping ${worker.name}: ${String(error)}`));
    }
    for (const resource of [...this.resources].reverse()) {
      await resource.close().catch((error) => this.logger.error(`closing: ${String(error)}`));
    }
  }
}

/** Providers that run `workers` in the app's lifecycle and close `resources` after them. */
export function workerHostProviders(workers: BackgroundWorker[], resources: Closeable[]): Provider[] {
  return [{ provide: WORKERS, useValue: workers }, { provide: RESOURCES, useValue: resources }, WorkerHost];
}
