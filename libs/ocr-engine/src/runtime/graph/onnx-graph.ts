import onnxProto from 'onnx-proto';

/**
 * A decoded ONNX model with the lookups graph rewrites need: constant tensors by name (whether
 * stored as initializers or as Constant nodes), the nodes that consume each value, and helpers
 * to add constants and drop nodes. Rewrites edit `nodes` and call `commit()`; `encode()` returns
 * the model bytes for onnxruntime. Nothing here runs a model.
 */
const { onnx } = onnxProto;
export type NodeProto = onnxProto.onnx.INodeProto;
export type TensorProto = onnxProto.onnx.ITensorProto;

const FLOAT = onnx.TensorProto.DataType.FLOAT;

/** A float tensor's values, stored as `floatData` or `rawData`; undefined for other types. */
export function tensorFloats(t: TensorProto): Float32Array | undefined {
  if (t.dataType !== FLOAT) return undefined;
  if (t.floatData && t.floatData.length > 0) return Float32Array.from(t.floatData);
  if (!t.rawData) return undefined;
  // Copy: decoded bytes may be a Buffer view at an odd offset, which Float32Array cannot alias.
  const copy = new Uint8Array(t.rawData);
  return new Float32Array(copy.buffer, copy.byteOffset, copy.byteLength / 4);
}

export class OnnxGraph {
  private readonly model: onnxProto.onnx.ModelProto;
  private readonly graph: onnxProto.onnx.IGraphProto;
  nodes: NodeProto[];
  private readonly constants = new Map<string, TensorProto>();
  private consumersOf = new Map<string, NodeProto[]>();
  private producerOf = new Map<string, NodeProto>();
  private readonly outputs: Set<string>;
  private added = 0;

  constructor(bytes: Uint8Array) {
    this.model = onnx.ModelProto.decode(bytes);
    this.graph = this.model.graph ?? {};
    this.nodes = this.graph.node ?? [];
    for (const t of this.graph.initializer ?? []) if (t.name) this.constants.set(t.name, t);
    for (const n of this.nodes) {
      const value = n.opType === 'Constant' ? n.attribute?.find((a) => a.name === 'value')?.t : undefined;
      if (value && n.output?.[0]) this.constants.set(n.output[0], value);
    }
    this.outputs = new Set((this.graph.output ?? []).map((o) => o.name ?? ''));
    this.commit();
  }

  /** Recomputes consumers after `nodes` changed. */
  commit(): void {
    this.consumersOf = new Map();
    this.producerOf = new Map();
    for (const n of this.nodes) {
      for (const output of n.output ?? []) this.producerOf.set(output, n);
      for (const input of n.input ?? []) {
        const list = this.consumersOf.get(input) ?? [];
        list.push(n);
        this.consumersOf.set(input, list);
      }
    }
  }

  /** Every node that reads `value`. */
  consumers(value: string): readonly NodeProto[] {
    return this.consumersOf.get(value) ?? [];
  }

  /** The node that writes `value`, or undefined for graph inputs and initializers. */
  producer(value: string): NodeProto | undefined {
    return this.producerOf.get(value);
  }

  /** The single node consuming `value`, or undefined when it has several consumers or is a graph output. */
  soleConsumer(value: string): NodeProto | undefined {
    if (this.outputs.has(value)) return undefined;
    const list = this.consumersOf.get(value);
    return list?.length === 1 ? list[0] : undefined;
  }

  floats(name: string): Float32Array | undefined {
    const t = this.constants.get(name);
    return t ? tensorFloats(t) : undefined;
  }

  dims(name: string): number[] | undefined {
    return this.constants.get(name)?.dims?.map(Number);
  }

  /** The value of a one-element float constant, or undefined. */
  scalar(name: string): number | undefined {
    const values = this.floats(name);
    return values?.length === 1 ? values[0] : undefined;
  }

  /** Adds a float initializer under a fresh name and returns the name. */
  addConstant(hint: string, values: Float32Array, dims: number[]): string {
    return this.addTensor(hint, {
      dims,
      dataType: FLOAT,
      rawData: new Uint8Array(values.buffer.slice(values.byteOffset, values.byteOffset + values.byteLength)),
    });
  }

  /** Adds a 1-D int64 initializer (indices, axes, slice bounds) under a fresh name and returns the name. */
  addInt64s(hint: string, values: readonly number[]): string {
    return this.addTensor(hint, {
      dataType: onnx.TensorProto.DataType.INT64,
      dims: [values.length],
      rawData: new Uint8Array(BigInt64Array.from(values, (v) => BigInt(v)).buffer),
    });
  }

  /** Adds an initializer of any type under a fresh name and returns the name. */
  addTensor(hint: string, tensor: Omit<TensorProto, 'name'>): string {
    const name = `${hint}__rewritten_${this.added++}`;
    const full = onnx.TensorProto.create({ ...tensor, name });
    (this.graph.initializer ??= []).push(full);
    this.constants.set(name, full);
    return name;
  }

  /** The operator set the model declares for `domain` ('' is the ONNX default domain). */
  opset(domain = ''): number | undefined {
    const entry = this.model.opsetImport?.find((o) => (o.domain ?? '') === domain);
    return entry?.version === undefined || entry.version === null ? undefined : Number(entry.version);
  }

  /** Declares (or raises) the operator set for `domain`. */
  setOpset(domain: string, version: number): void {
    const imports = (this.model.opsetImport ??= []);
    const entry = imports.find((o) => (o.domain ?? '') === domain);
    if (entry) entry.version = version;
    else imports.push({ domain, version });
  }

  /** Names of the graph's outputs. */
  outputNames(): string[] {
    return (this.graph.output ?? []).map((o) => o.name ?? '');
  }

  /** Names of the graph's inputs. */
  inputNames(): string[] {
    return (this.graph.input ?? []).map((i) => i.name ?? '');
  }

  /** Also returns `names` from a run (for measuring activations), of type float unless said. */
  exposeAsOutputs(names: readonly string[], elemType: number = FLOAT): void {
    const outputs = (this.graph.output ??= []);
    for (const name of names) {
      if (this.outputs.has(name)) continue;
      outputs.push({ name, type: { tensorType: { elemType } } });
      this.outputs.add(name);
    }
  }

  /** Adds a graph input; `dims` entries that are strings are symbolic (a batch size, a width). */
  addInput(name: string, elemType: number, dims: ReadonlyArray<number | string>): void {
    (this.graph.input ??= []).push({
      name,
      type: {
        tensorType: {
          elemType,
          shape: { dim: dims.map((d) => (typeof d === 'string' ? { dimParam: d } : { dimValue: d })) },
        },
      },
    });
  }

  /** Makes these, and only these, the graph's outputs. */
  setOutputs(outputs: ReadonlyArray<{ name: string; elemType: number }>): void {
    this.graph.output = outputs.map(({ name, elemType }) => ({ name, type: { tensorType: { elemType } } }));
    this.outputs.clear();
    for (const { name } of outputs) this.outputs.add(name);
  }

  attribute(node: NodeProto, name: string): onnxProto.onnx.IAttributeProto | undefined {
    return node.attribute?.find((a) => a.name === name);
  }

  intAttribute(node: NodeProto, name: string): number | undefined {
    const value: unknown = this.attribute(node, name)?.i;
    return value === undefined || value === null ? undefined : Number(value);
  }

  intsAttribute(node: NodeProto, name: string): number[] | undefined {
    return this.attribute(node, name)?.ints?.map(Number);
  }

  /** Removes nodes, and constants nobody reads any more. */
  remove(dead: ReadonlySet<NodeProto>): void {
    this.nodes = this.nodes.filter((n) => !dead.has(n));
    this.dropUnread();
  }

  /**
   * Drops constants (initializers and Constant nodes) that no node reads after `nodes` was
   * replaced. onnxruntime would drop them too, but only after the whole model was handed over.
   */
  dropUnread(): void {
    this.commit();
    this.nodes = this.nodes.filter(
      (n) => n.opType !== 'Constant' || (this.consumersOf.get(n.output?.[0] ?? '')?.length ?? 0) > 0,
    );
    if (this.graph.initializer) {
      this.graph.initializer = this.graph.initializer.filter(
        (t) => (this.consumersOf.get(t.name ?? '')?.length ?? 0) > 0,
      );
    }
    this.commit();
  }

  encode(): Uint8Array {
    this.graph.node = this.nodes;
    return onnx.ModelProto.encode(this.model).finish();
  }

  static floatAttribute(name: string, value: number): onnxProto.onnx.IAttributeProto {
    return { name, type: onnx.AttributeProto.AttributeType.FLOAT, f: value };
  }
}

/** For `Mul`/`Add` nodes with one scalar-constant operand: that scalar and the other operand. */
export function scalarOperand(
  graph: OnnxGraph,
  node: NodeProto,
  op: 'Mul' | 'Add',
): { k: number; x: string } | undefined {
  if (node.opType !== op || node.input?.length !== 2) return undefined;
  const [a, b] = node.input as [string, string];
  const ka = graph.scalar(a),
    kb = graph.scalar(b);
  if (ka !== undefined && kb === undefined) return { k: ka, x: b };
  if (kb !== undefined && ka === undefined) return { k: kb, x: a };
  return undefined;
}

/**
 * PP-LCNetV3's learnable scale and shift as exported: `Mul(k)` whose only reader is `Add(b)`, both
 * with a scalar constant. `input` is what the Mul scales, `output` what the Add writes.
 */
export interface ScaleShift {
  mul: NodeProto;
  add: NodeProto;
  k: number;
  b: number;
  input: string;
  output: string;
}

/** The scale-and-shift pair that starts at `mul`, or undefined when `mul` does not start one. */
export function scaleShiftAt(graph: OnnxGraph, mul: NodeProto | undefined): ScaleShift | undefined {
  const scale = mul && scalarOperand(graph, mul, 'Mul');
  const scaled = mul?.output?.[0];
  if (!mul || !scale || !scaled) return undefined;
  const add = graph.soleConsumer(scaled);
  const shift = add && scalarOperand(graph, add, 'Add');
  const output = add?.output?.[0];
  if (!add || !shift || shift.x !== scaled || !output) return undefined;
  return { mul, add, k: scale.k, b: shift.k, input: scale.x, output };
}
