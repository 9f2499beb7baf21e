// LIMIT and OFFSET as literals in the SQL text, not bound parameters, on both databases. A bound LIMIT hides
// from the planner how many rows will be fetched, and both databases then plan badly or again:
// - SQLite (3.53 here) looks at the value bound to a LIMIT parameter while planning, and so marks the
//   statement to be recompiled whenever that parameter is bound again (sqlite3ExprIsInteger ->
//   sqlite3VdbeSetVarmask). better-sqlite3 binds every parameter on every run, so each `limit ?` statement
//   was parsed and planned anew on every execution: sqlite3Reprepare was 17 % of the inbound webhook's CPU.
// - PostgreSQL plans a named prepared statement's generic plan without the LIMIT's value and assumes a tenth
//   of the rows are fetched; on the allocator's statements that estimate grew with the pool, the generic
//   plan never won, and every run was planned again (0.5-0.9 ms of planning for ~0.1 ms of execution).
// (BENCHMARKS.md, items 11 and 16.) The values come from masq's own code (page sizes, 1), never from a
// request unchecked: they are integers, which is all this inlines. Statements whose limit varies are
// prepared per shape (prepared.ts, perShape), so the limit is part of what names them.
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
