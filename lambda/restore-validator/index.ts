/**
 * Entry point of the restore validator Lambda function (handler "index.handler"): the handler with
 * real AWS SDK v3 clients. The clients take their region and credentials from the Lambda
 * environment (AWS_REGION and the execution role) and reach AWS through the IRE's VPC endpoints,
 * whose private DNS names are the services' usual regional names.
 */
import { BackupClient } from "@aws-sdk/client-backup";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { EC2Client } from "@aws-sdk/client-ec2";
import { EFSClient } from "@aws-sdk/client-efs";
import { RDSClient } from "@aws-sdk/client-rds";
import { S3Client } from "@aws-sdk/client-s3";
import { PLAN_ARN_VARIABLE } from "../../lib/restore/validation-events";
import { createHandler } from "./handler";

export const handler = createHandler({
  backup: new BackupClient({}),
  ec2: new EC2Client({}),
  s3: new S3Client({}),
  dynamodb: new DynamoDBClient({}),
  rds: new RDSClient({}),
  efs: new EFSClient({}),
  expectedPlanArn: process.env[PLAN_ARN_VARIABLE] || undefined,
});
