/**
 * The analyzer protocol's generated gRPC client and messages, loaded from @pulumi/pulumi (the
 * same modules a policy pack's server uses), and google-protobuf resolved from @pulumi/pulumi's
 * own location so that Struct, Empty and the messages share one module instance (the generated
 * serialisers check `instanceof`).
 */
import * as path from "path";
import type * as analyzerGrpc from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import type * as analyzerPb from "@pulumi/pulumi/proto/analyzer_pb";
import type * as pluginPb from "@pulumi/pulumi/proto/plugin_pb";
import type * as emptyPb from "google-protobuf/google/protobuf/empty_pb";
import type * as structPb from "google-protobuf/google/protobuf/struct_pb";

const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));

function fromPulumi<T>(id: string): T {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(require.resolve(id, { paths: [pulumiDir] })) as T;
}

export const proto = {
  analyzer: fromPulumi<typeof analyzerPb>("@pulumi/pulumi/proto/analyzer_pb"),
  grpc: fromPulumi<typeof analyzerGrpc>("@pulumi/pulumi/proto/analyzer_grpc_pb"),
  plugin: fromPulumi<typeof pluginPb>("@pulumi/pulumi/proto/plugin_pb"),
  Struct: fromPulumi<typeof structPb>("google-protobuf/google/protobuf/struct_pb").Struct,
  Empty: fromPulumi<typeof emptyPb>("google-protobuf/google/protobuf/empty_pb").Empty,
};
