namespace Platform.Reporting.Domain;

/// <summary>A business rule refused the operation; the API answers 422 (or 409 for a locked report) with both texts.</summary>
public class DomainException(string vietnamese, string english) : Exception(english)
{
    public string Vietnamese { get; } = vietnamese;
    public string English { get; } = english;
}

/// <summary>The report is in a state that does not allow this (approved and locked, awaiting review): 409.</summary>
public sealed class ReportStateException(string vietnamese, string english) : DomainException(vietnamese, english);
