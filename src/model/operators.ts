// Operators: custom resources from which a controller creates pods the input shows no
// template for. Selectors written for such pods match nothing in the input, and that is no mistake.
import { apiGroupOf } from "./object.js";

/**
 * Custom resources whose operators create pods that the input does not show as pod templates
 * (the Prometheus operator's Prometheus, Strimzi's Kafka, KubeRay's RayCluster, ...). A selector
 * written for those pods matches no template of the input, and that is no mistake.
 */
const POD_CREATING_CUSTOM_KINDS: ReadonlySet<string> = new Set([
  "monitoring.coreos.com/Prometheus",
  "monitoring.coreos.com/Alertmanager",
  "monitoring.coreos.com/ThanosRuler",
  "monitoring.coreos.com/PrometheusAgent",
  "kafka.strimzi.io/Kafka",
  "kafka.strimzi.io/KafkaNodePool",
  "kafka.strimzi.io/KafkaConnect",
  "kafka.strimzi.io/KafkaMirrorMaker",
  "kafka.strimzi.io/KafkaMirrorMaker2",
  "kafka.strimzi.io/KafkaBridge",
  "platform.confluent.io/Kafka",
  "platform.confluent.io/KRaftController",
  "platform.confluent.io/Zookeeper",
  "platform.confluent.io/Connect",
  "platform.confluent.io/KsqlDB",
  "platform.confluent.io/SchemaRegistry",
  "platform.confluent.io/KafkaRestProxy",
  "platform.confluent.io/ControlCenter",
  "ray.io/RayCluster",
  "ray.io/RayService",
  "ray.io/RayJob",
  "kubeflow.org/MPIJob",
  "kubeflow.org/PyTorchJob",
  "kubeflow.org/TFJob",
  "kubeflow.org/XGBoostJob",
  "kubeflow.org/PaddleJob",
  "kubeflow.org/Notebook",
  "trainer.kubeflow.org/TrainJob",
  "jobset.x-k8s.io/JobSet",
  "leaderworkerset.x-k8s.io/LeaderWorkerSet",
  "agents.x-k8s.io/Sandbox",
  "extensions.agents.x-k8s.io/SandboxClaim",
  "extensions.agents.x-k8s.io/SandboxWarmPool",
  "acid.zalan.do/postgresql",
  "postgresql.cnpg.io/Cluster",
  "postgresql.cnpg.io/Pooler",
  "postgres-operator.crunchydata.com/PostgresCluster",
  "elasticsearch.k8s.elastic.co/Elasticsearch",
  "kibana.k8s.elastic.co/Kibana",
  "apm.k8s.elastic.co/ApmServer",
  "agent.k8s.elastic.co/Agent",
  "beat.k8s.elastic.co/Beat",
  "logstash.k8s.elastic.co/Logstash",
  "enterprisesearch.k8s.elastic.co/EnterpriseSearch",
  "app.redislabs.com/RedisEnterpriseCluster",
  "databases.spotahome.com/RedisFailover",
  "redis.redis.opstreelabs.in/Redis",
  "redis.redis.opstreelabs.in/RedisCluster",
  "redis.redis.opstreelabs.in/RedisReplication",
  "redis.redis.opstreelabs.in/RedisSentinel",
  "rabbitmq.com/RabbitmqCluster",
  "mongodbcommunity.mongodb.com/MongoDBCommunity",
  "mongodb.com/MongoDB",
  "psmdb.percona.com/PerconaServerMongoDB",
  "pxc.percona.com/PerconaXtraDBCluster",
  "mysql.oracle.com/InnoDBCluster",
  "sparkoperator.k8s.io/SparkApplication",
  "sparkoperator.k8s.io/ScheduledSparkApplication",
  "flink.apache.org/FlinkDeployment",
  "argoproj.io/Workflow",
  "argoproj.io/CronWorkflow",
  "tekton.dev/TaskRun",
  "tekton.dev/PipelineRun",
  "serving.knative.dev/Service",
  "serving.knative.dev/Configuration",
  "install.istio.io/IstioOperator",
  "kiali.io/Kiali",
  "jaegertracing.io/Jaeger",
  "opentelemetry.io/OpenTelemetryCollector",
  "grafana.integreatly.org/Grafana",
  "cassandra.datastax.com/CassandraDatacenter",
  "clickhouse.altinity.com/ClickHouseInstallation",
]);

/** Kinds to keep for the operator check (index rules list them in `needs.kinds`). */
export const POD_CREATING_CUSTOM_KIND_NAMES: readonly string[] = [...new Set([...POD_CREATING_CUSTOM_KINDS].map((key) => key.slice(key.indexOf("/") + 1)))];

/** True for a custom resource whose operator runs pods the input does not describe. */
export function createsUnseenPods(resource: { readonly apiVersion: string; readonly kind: string }): boolean {
  return POD_CREATING_CUSTOM_KINDS.has(`${apiGroupOf(resource.apiVersion)}/${resource.kind}`);
}

