using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Nodes;
using Platform.Contracts.Police.V1;
using Platform.Coordination.Police;
using Platform.Coordination.Tests.Support;
using Xunit.Abstractions;

namespace Platform.Coordination.Tests;

/// <summary>
/// The published police contract and docs/asyncapi.yaml must say the same thing: every contract type has a
/// schema with the same properties, JSON types, formats and required set; every routing key and exchange
/// agrees with <see cref="PoliceWire"/>; every example in the document is a valid message of its type.
/// </summary>
public sealed class ContractDocumentTests(ITestOutputHelper output)
{
    private static readonly JsonObject Doc = AsyncApiDocument.Load();
    private static JsonObject Schemas => Doc["components"]!["schemas"]!.AsObject();

    public static IEnumerable<Type> ContractTypes() => typeof(PoliceReferralRequested).Assembly.GetTypes()
        .Where(t => t.Namespace == typeof(PoliceReferralRequested).Namespace && t.IsClass && t.IsPublic && !(t.IsAbstract && t.IsSealed))
        .OrderBy(t => t.Name);

    public static TheoryData<string> ContractTypeNames() => new(ContractTypes().Select(t => t.Name));

    [Fact]
    public void Every_contract_type_has_a_schema_and_every_schema_a_contract_type()
    {
        var types = ContractTypes().Select(t => t.Name).ToList();
        var schemas = Schemas.Select(s => s.Key).Where(k => k != "AmqpHeaders").Order().ToList();
        Assert.Equal(types, schemas);
        output.WriteLine($"{types.Count} contract types: {string.Join(", ", types)}");
        Assert.Equal(13 - 1, types.Count);
    }

    [Theory]
    [MemberData(nameof(ContractTypeNames))]
    public void The_schema_has_the_properties_types_and_required_set_of_the_contract_type(string typeName)
    {
        var type = ContractTypes().Single(t => t.Name == typeName);
        var schema = Schemas[typeName]!.AsObject();
        Assert.Equal("object", (string?)schema["type"]);
        var documented = schema["properties"]!.AsObject();
        var nullability = new NullabilityInfoContext();
        var properties = type.GetProperties(BindingFlags.Public | BindingFlags.Instance).ToDictionary(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name));

        Assert.Equal(properties.Keys.Order(), documented.Select(p => p.Key).Order());
        var required = properties.Where(p => p.Value.GetCustomAttribute<RequiredMemberAttribute>() is not null
                                             && nullability.Create(p.Value).ReadState == NullabilityState.NotNull).Select(p => p.Key).Order();
        Assert.Equal(required, (schema["required"]?.AsArray() ?? []).Select(r => (string)r!).Order());

        foreach (var (name, property) in properties)
        {
            var nullable = nullability.Create(property).ReadState == NullabilityState.Nullable;
            var expected = Expected(property.PropertyType);
            var actual = Describe(documented[name]!.AsObject());
            Assert.True(expected.Text == actual.Text, $"{typeName}.{name}: the type says {expected.Text} but the document says {actual.Text}");
            Assert.True(nullable == actual.Nullable, $"{typeName}.{name}: nullable in C# is {nullable}, in the document {actual.Nullable}");
        }
    }

    [Fact]
    public void Channels_and_exchanges_agree_with_the_wire_constants()
    {
        var channels = Doc["channels"]!.AsObject();
        Assert.Equal(PoliceWire.MessageTypes.Keys.Order(), channels.Select(c => c.Key).Order());
        foreach (var (routingKey, channel) in channels)
        {
            var exchange = channel!["bindings"]!["amqp"]!["exchange"]!;
            var outbound = channel["subscribe"] is not null;
            Assert.Equal(outbound ? PoliceWire.OutboundExchange : PoliceWire.RepliesExchange, (string?)exchange["name"]);
            Assert.Equal("topic", (string?)exchange["type"]);
            Assert.True((bool)exchange["durable"]!);
            var operation = channel[outbound ? "subscribe" : "publish"]!;
            var messageRef = (string)operation["message"]!["$ref"]!;
            var messageName = messageRef.Split('/')[^1];
            Assert.Equal(PoliceWire.MessageTypes[routingKey], messageName);
            var message = Doc["components"]!["messages"]![messageName]!;
            Assert.Equal($"#/components/schemas/{messageName}", (string?)message["payload"]!["$ref"]);
            Assert.Equal(messageName, (string?)message["bindings"]!["amqp"]!["messageType"]);
            // Replies travel on the replies exchange only, and the platform's queue binding (referral.*) catches all of them.
            Assert.Equal(!outbound, routingKey.StartsWith("referral.", StringComparison.Ordinal) && routingKey != PoliceWire.ReferralRequested);
        }
    }

    [Fact]
    public void Every_example_in_the_document_reads_as_its_contract_type_and_writes_back_the_same()
    {
        var checkedExamples = 0;
        foreach (var (name, message) in Doc["components"]!["messages"]!.AsObject())
        {
            var type = ContractTypes().Single(t => t.Name == name);
            foreach (var example in message!["examples"]!.AsArray())
            {
                var payload = example!["payload"]!.ToJsonString();
                var value = JsonSerializer.Deserialize(payload, type, PoliceBroker.Json);
                Assert.NotNull(value);
                var again = JsonNode.Parse(JsonSerializer.Serialize(value, type, PoliceBroker.Json))!;
                foreach (var (key, _) in JsonNode.Parse(payload)!.AsObject())
                {
                    Assert.True(again.AsObject().ContainsKey(key), $"{name} example: '{key}' did not survive a round trip");
                }
                checkedExamples++;
            }
        }
        Assert.Equal(ContractTypes().Count(t => Doc["components"]!["messages"]!.AsObject().ContainsKey(t.Name)), Doc["components"]!["messages"]!.AsObject().Count);
        Assert.True(checkedExamples >= 8, $"only {checkedExamples} examples");
    }

    [Fact]
    public void The_document_names_the_guarantees_an_outside_client_relies_on()
    {
        var description = (string)Doc["info"]!["description"]!;
        foreach (var phrase in new[] { "At least once", "Idempotent by `message_id`", "user_id", PoliceWire.OutboundExchange, PoliceWire.RepliesExchange,
                     PoliceWire.PoliceInboxQueue, PoliceWire.RepliesQueue, PoliceWire.RejectedQueue, "application/json", "traceparent", "contract-version" })
        {
            Assert.Contains(phrase, description);
        }
    }

    private readonly record struct Shape(string Text, bool Nullable);

    /// <summary>What a CLR type looks like in JSON Schema, as text: "string/uuid", "array<ref:PolicePerson>", "ref:PoliceSchool".</summary>
    private static Shape Expected(Type type)
    {
        var t = Nullable.GetUnderlyingType(type) ?? type;
        if (t == typeof(string)) return new("string", false);
        if (t == typeof(Guid)) return new("string/uuid", false);
        if (t == typeof(DateTimeOffset)) return new("string/date-time", false);
        if (t == typeof(DateOnly)) return new("string/date", false);
        if (t == typeof(int)) return new("integer/int32", false);
        if (t == typeof(bool)) return new("boolean", false);
        if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(IReadOnlyList<>)) return new($"array<{Expected(t.GetGenericArguments()[0]).Text}>", false);
        if (t.Namespace == typeof(PoliceReferralRequested).Namespace) return new($"ref:{t.Name}", false);
        throw new NotSupportedException($"No JSON Schema mapping for {t}");
    }

    private static Shape Describe(JsonObject schema)
    {
        if (schema["$ref"] is { } reference) return new($"ref:{((string)reference!).Split('/')[^1]}", false);
        if (schema["oneOf"] is JsonArray options)
        {
            var nonNull = options.Where(o => (string?)o!["type"] != "null").Select(o => Describe(o!.AsObject())).Single();
            return nonNull with { Nullable = options.Any(o => (string?)o!["type"] == "null") };
        }
        string type;
        var nullable = false;
        if (schema["type"] is JsonArray types)
        {
            nullable = types.Any(t => (string?)t == "null");
            type = types.Select(t => (string)t!).Single(t => t != "null");
        }
        else
        {
            type = (string)schema["type"]!;
        }
        var text = type switch
        {
            "array" => $"array<{Describe(schema["items"]!.AsObject()).Text}>",
            _ when schema["format"] is { } format => $"{type}/{(string)format!}",
            _ => type,
        };
        return new(text, nullable);
    }
}
