namespace Kecs.AppHost.Tests;

/// <summary>One Kecs (AppHost and its four services) shared by the tests of a class.</summary>
public sealed class RunningKecs : IAsyncLifetime
{
    private AppHostProcess? _appHost;

    public AppHostProcess AppHost => _appHost ?? throw new InvalidOperationException("Kecs has not started.");

    public async ValueTask InitializeAsync()
    {
        _appHost = AppHostProcess.Start();
        await _appHost.WaitUntilReadyAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_appHost is not null)
        {
            await _appHost.DisposeAsync();
        }
    }
}
