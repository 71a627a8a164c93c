using System.Runtime.CompilerServices;

namespace Platform.Web.Tests;

internal static class WaitDefaults
{
    /// <summary>
    /// bUnit waits 1 s by default for an asynchronous render (autosave after its pause, an upload, issuing); on a busy
    /// two-core machine that was too short now and then (seen as a rare failure of correct components). A component
    /// that never renders the expected state still fails, after 10 s.
    /// </summary>
    [ModuleInitializer]
    internal static void Apply() => BunitContext.DefaultWaitTimeout = TimeSpan.FromSeconds(10);
}
