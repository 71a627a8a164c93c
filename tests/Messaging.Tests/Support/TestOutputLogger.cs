using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Platform.Messaging.Tests.Support;

/// <summary>Sends a host's log to the test's output while the test runs.</summary>
public sealed class TestOutputLoggerProvider(ITestOutputHelper output, string hostName) : ILoggerProvider
{
    private readonly ITestOutputHelper _output = output;
    private readonly string _hostName = hostName;
    private volatile bool _closed;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    /// <summary>Called when the host has stopped: the test may be over, and xunit rejects output after that.</summary>
    public void Close() => _closed = true;

    public void Dispose() => Close();

    private sealed class Logger(TestOutputLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) =>
            !provider._closed && logLevel >= (category.StartsWith("Platform.", StringComparison.Ordinal) ? LogLevel.Information : LogLevel.Warning);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            var line = $"{DateTime.UtcNow:HH:mm:ss.fff} [{provider._hostName}] {logLevel} {category}: {formatter(state, exception)}";
            if (exception is not null) line += $" ({exception.GetType().Name}: {exception.Message})";
            provider._output.WriteLine(line);
        }
    }
}
