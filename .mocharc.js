// Type-checking happens once, in `npm run typecheck`; mocha only transpiles (about 2 s, not 10).
process.env.TS_NODE_TRANSPILE_ONLY = "true";
// Nothing may probe the instance metadata address: the AWS SDK's credential chain would.
process.env.AWS_EC2_METADATA_DISABLED = "true";

module.exports = {
  require: ["ts-node/register"],
  extension: ["ts"],
  spec: ["test/**/*.spec.ts"],
  reporter: "test/summary-reporter.js",
  timeout: 60000,
};
