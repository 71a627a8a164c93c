namespace Platform.Tasks.Domain;

/// <summary>A rule of the domain refused the change; the handler answers 422 with the message in the caller's language.</summary>
public sealed class DomainException(string vietnamese, string english) : Exception(english)
{
    public string Vietnamese { get; } = vietnamese;
    public string English { get; } = english;
}

/// <summary>Who did something, and when.</summary>
public sealed record Actor(string UserId, Guid UnitId, DateTimeOffset At);
