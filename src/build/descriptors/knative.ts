import { posix } from 'node:path';
import { type Manifest, type ManifestFunction } from '../../functions/manifest.js';
import {
  GENERATED, httpRoutes, requireFunctions, settingsOf, slug, where, yamlText, type DescriptorFile,
} from '../../../adapters/common/descriptors/files.js';
import { manifestRuntime } from '../runtime.js';

/**
 * Knative Serving: for each function with an HTTP trigger, `knative/<name>/service.yaml` (a serving.knative.dev/v1
 * Service) and `knative/<name>/Dockerfile`, whose build context is the build output folder. The container runs
 * the bundle's `serve()`, which listens on PORT (Knative sets it to the container port, 8080).
 */
const KNATIVE_DIR = 'knative';

const CONTAINER_PORT = 8080;

/** Knative takes scale-down-delay up to an hour. */
const MAX_SCALE_DOWN_DELAY = 3600;

interface KnativeService {
  apiVersion: 'serving.knative.dev/v1';
  kind: 'Service';
  metadata: { name: string; labels: Record<string, string> };
  spec: {
    template: {
      metadata: { annotations: Record<string, string> };
      spec: {
        containerConcurrency: number;
        timeoutSeconds: number;
        containers: {
          image: string;
          ports: { containerPort: number }[];
          resources: { limits: { memory: string } };
        }[];
      };
    };
  };
}

interface KnativeFunction {
  /** The function's name: its files go in `knative/<function>/`. */
  function: string;
  /** The Service name: a DNS label. */
  name: string;
  service: KnativeService;
  dockerfile: string;
}

/** `eventsFunction-onOrder` → `events-function-on-order`: a DNS-1035 label, as Kubernetes names must be. */
function serviceName(fn: ManifestFunction): string {
  const label = slug(fn.name);
  const name = /^[a-z]/.test(label) ? label : `fn-${label}`;
  if (name.length > 63) throw new Error(`${where(fn)}: the Knative service name ${JSON.stringify(name)} is longer than 63 characters`);
  return name;
}

/** The image to build and push; a placeholder the Service's comment explains. */
function imagePlaceholder(name: string): string {
  return `REGISTRY/${name}:latest`;
}

function service(fn: ManifestFunction, name: string, app: string): KnativeService {
  const settings = settingsOf(fn);
  if (settings.idleTimeout > MAX_SCALE_DOWN_DELAY) {
    throw new Error(`${where(fn)}: Knative takes a scale-down delay of up to ${MAX_SCALE_DOWN_DELAY}s, got idleTimeout ${settings.idleTimeout}`);
  }
  return {
    apiVersion: 'serving.knative.dev/v1',
    kind: 'Service',
    metadata: {
      name,
      labels: { 'app.kubernetes.io/name': name, 'app.kubernetes.io/part-of': app, 'app.kubernetes.io/managed-by': 'wick' },
    },
    spec: {
      template: {
        metadata: {
          annotations: {
            // 0 lets the revision scale to zero.
            'autoscaling.knative.dev/min-scale': String(settings.minInstances),
            'autoscaling.knative.dev/max-scale': String(settings.maxInstances),
            'autoscaling.knative.dev/target': String(settings.concurrency),
            'autoscaling.knative.dev/scale-down-delay': `${settings.idleTimeout}s`,
          },
        },
        spec: {
          containerConcurrency: settings.concurrency,
          timeoutSeconds: settings.timeout,
          containers: [{ image: imagePlaceholder(name), ports: [{ containerPort: CONTAINER_PORT }], resources: { limits: { memory: `${settings.memorySize}Mi` } } }],
        },
      },
    },
  };
}

/** The official Node image of the build's runtime: the same Node major the bundles target. */
function nodeImage(manifest: Manifest): string {
  return `node:${manifestRuntime(manifest).node}-slim`;
}

function dockerfile(fn: ManifestFunction, name: string, image: string): string {
  const dir = posix.dirname(fn.entry);
  const entry = posix.basename(fn.entry);
  return [
    `# ${GENERATED}`,
    `# Build context: the wick build output folder (the one holding manifest.json), e.g. from it:`,
    `#   docker build -f ${KNATIVE_DIR}/${fn.name}/Dockerfile -t ${imagePlaceholder(name)} .`,
    `FROM ${image}`,
    `ENV NODE_ENV=production PORT=${CONTAINER_PORT}`,
    `WORKDIR /app`,
    `COPY ${dir}/ ./`,
    `USER node`,
    `EXPOSE ${CONTAINER_PORT}`,
    `CMD ["node", "-e", "require('./${entry}').serve()"]`,
    ``,
  ].join('\n');
}

/** One Service and Dockerfile per function with an HTTP trigger; none when no function has one. */
export function knativeFunctions(manifest: Manifest): KnativeFunction[] {
  requireFunctions(manifest);
  const app = slug(manifest.app ?? '') || 'wick-app';
  const image = nodeImage(manifest);
  const names = new Map<string, string>();
  return manifest.functions
    .filter((fn) => httpRoutes(fn).length > 0)
    .map((fn) => {
      const name = serviceName(fn);
      if (names.has(name)) throw new Error(`${where(fn)}: its Knative service name ${JSON.stringify(name)} is also function ${JSON.stringify(names.get(name))}'s`);
      names.set(name, fn.name);
      return { function: fn.name, name, service: service(fn, name, app), dockerfile: dockerfile(fn, name, image) };
    });
}

export function knativeFiles(manifest: Manifest): DescriptorFile[] {
  return knativeFunctions(manifest).flatMap((entry) => {
    const dir = `${KNATIVE_DIR}/${entry.function}`;
    const notes = [
      `Image: ${imagePlaceholder(entry.name)} is a placeholder: build ${dir}/Dockerfile (context: this build's`,
      `output folder), push it to your registry and put its name here.`,
      `Deploy: kubectl apply -f ${dir}/service.yaml`,
    ];
    return [
      { file: `${dir}/service.yaml`, text: yamlText(entry.service, notes) },
      { file: `${dir}/Dockerfile`, text: entry.dockerfile },
    ];
  });
}
