// LIMIT and OFFSET as literals in SQLite's SQL text, not bound parameters.
//
// SQLite (3.53 here) looks at the value bound to a LIMIT parameter while planning, and so marks the statement
// to be recompiled whenever that parameter is bound again (sqlite3ExprIsInteger -> sqlite3VdbeSetVarmask:
// any rebinding expires the statement, whatever the value). better-sqlite3 binds every parameter on every
// run, so each `limit ?` statement was parsed and planned anew on every execution: a profile of the
// inbound webhook showed sqlite3Reprepare at 17 % of the server's CPU (BENCHMARKS.md). A literal keeps the
// compiled statement. The values come from masq's own code (page sizes, 1), never from a request
// unchecked: they are integers, which is all this inlines.
import {
  LimitNode, OffsetNode, OperationNodeTransformer, ValueNode,
  type KyselyPlugin, type OperationNode, type PluginTransformQueryArgs, type PluginTransformResultArgs,
  type QueryResult, type RootOperationNode, type UnknownRow,
} from 'kysely';

const literal = (node: OperationNode): OperationNode | null => {
  if (!ValueNode.is(node) || node.immediate) return null;
  const { value } = node;
  const integer = (typeof value === 'number' && Number.isSafeInteger(value)) || typeof value === 'bigint';
  return integer ? ValueNode.createImmediate(value) : null;
};

class LimitInliner extends OperationNodeTransformer {
  protected override transformLimit(node: LimitNode): LimitNode {
    const inlined = literal(node.limit);
    return inlined ? LimitNode.create(inlined) : super.transformLimit(node);
  }

  protected override transformOffset(node: OffsetNode): OffsetNode {
    const inlined = literal(node.offset);
    return inlined ? OffsetNode.create(inlined) : super.transformOffset(node);
  }
}

export class InlineLimitsPlugin implements KyselyPlugin {
  readonly #inliner = new LimitInliner();

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    return this.#inliner.transformNode(args.node);
  }

  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return Promise.resolve(args.result);
  }
}
