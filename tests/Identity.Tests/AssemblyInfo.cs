// The hosts of this assembly share one RabbitMQ node and consume the same queue (identity-unit-directory):
// run one test class at a time so a message published for one host's database is not taken by another.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
