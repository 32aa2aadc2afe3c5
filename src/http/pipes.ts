import { type Container } from 'inversify';
import { KEYS, readOwn } from '../decorators/metadata.js';
import { type PipeTransform, type PipeUnionTransform, type TransformOptions } from '../decorators/pipe.js';
import { describeParam } from './params.js';
import { type ArgumentCompiler } from './route.js';

const BASE_TYPES = new Set<unknown>([String, Number, Boolean, Object, Array]);

/**
 * A pipe object: `@Pipe()` classes come from the container (singletons, so already built by the boot),
 * other classes are built with no arguments, instances are used as they are.
 */
function resolvePipe(container: Container, pipe: PipeUnionTransform): PipeTransform {
  if (typeof pipe !== 'function') return pipe;
  if (container.isBound(pipe)) return container.get<PipeTransform>(pipe);
  if (readOwn(KEYS.pipe, pipe)) throw new Error(`pipe ${pipe.name} is not registered: export it from a file under src/ or import its component`);
  return new pipe();
}

/**
 * Runs a parameter's pipes in order after its extraction, conversion and validation, each given what the
 * previous one returned. Only artifacts whose handlers declare pipes import this hook.
 */
export function pipeArguments(container: Container): ArgumentCompiler {
  return (param, declaredType, extractor, methodName) => {
    if (!param.pipes?.length) return extractor;
    const pipes = param.pipes.map((pipe) => resolvePipe(container, pipe));
    const metaType = { name: typeof declaredType === 'function' ? declaredType.name : 'unknown', isBaseType: BASE_TYPES.has(declaredType), originDesign: declaredType };
    const metadata = { index: param.index, source: param.source, name: param.name, label: describeParam(param) };
    return {
      extract: async (ctx, instance) => {
        const options: TransformOptions = { metaType, metadata, target: instance, methodName };
        let value = await extractor.extract(ctx, instance);
        for (const pipe of pipes) value = await pipe.transform(value, options);
        return value;
      },
      awaits: true,
    };
  };
}
