using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Kecs.AppHost.Tests;

/// <summary>
/// A live headless Chromium page driven over the DevTools protocol: for pages that keep a connection to their server
/// and render from it (the Aspire dashboard is a Blazor Server app), which <c>chromium --screenshot</c> catches blank.
/// </summary>
public sealed partial class BrowserSession : IAsyncDisposable
{
    private readonly Process _browser;
    private readonly ClientWebSocket _socket = new();
    private int _nextId;

    private BrowserSession(Process browser) => _browser = browser;

    public static async Task<BrowserSession> OpenAsync(string executable, CancellationToken cancellation)
    {
        var start = new ProcessStartInfo(executable) { RedirectStandardError = true, RedirectStandardOutput = true };
        // Root in a container has no user namespaces for Chromium's sandbox; the pages are our own.
        foreach (var argument in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--window-size=1400,900",
                     "--remote-debugging-port=0", $"--user-data-dir={Directory.CreateTempSubdirectory("kecs-chromium-").FullName}",
                     "about:blank" })
        {
            start.ArgumentList.Add(argument);
        }

        var session = new BrowserSession(Process.Start(start)!);
        var browserUrl = await session.DevToolsUrlAsync(cancellation);
        using var http = new HttpClient();
        var port = new Uri(browserUrl).Port;
        var targets = JsonNode.Parse(await http.GetStringAsync($"http://127.0.0.1:{port}/json/list", cancellation))!.AsArray();
        var page = targets.First(t => t!["type"]!.GetValue<string>() == "page")!;
        await session._socket.ConnectAsync(new Uri(page["webSocketDebuggerUrl"]!.GetValue<string>()), cancellation);
        await session.SendAsync("Page.enable", new JsonObject(), cancellation);
        return session;
    }

    /// <summary>Opens <paramref name="url"/> and waits until the page's text contains <paramref name="text"/>.</summary>
    public async Task NavigateAndWaitForTextAsync(string url, string text, CancellationToken cancellation)
    {
        await SendAsync("Page.navigate", new JsonObject { ["url"] = url }, cancellation);
        var waited = Stopwatch.StartNew();
        while (!(await TextAsync(cancellation)).Contains(text, StringComparison.Ordinal))
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(30), $"{url} did not show '{text}':\n{await TextAsync(cancellation)}");
            await Task.Delay(200, cancellation);
        }
    }

    public async Task<string> TextAsync(CancellationToken cancellation)
    {
        var result = await SendAsync("Runtime.evaluate", new JsonObject { ["expression"] = "document.body ? document.body.innerText : ''" }, cancellation);
        return result["result"]?["value"]?.GetValue<string>() ?? "";
    }

    /// <summary>Saves a PNG of the page under the test output's <c>TestResults</c> and returns its path.</summary>
    public async Task<string> ScreenshotAsync(string fileName, CancellationToken cancellation)
    {
        var result = await SendAsync("Page.captureScreenshot", new JsonObject { ["format"] = "png" }, cancellation);
        var directory = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "TestResults")).FullName;
        var path = Path.Combine(directory, fileName);
        await File.WriteAllBytesAsync(path, Convert.FromBase64String(result["data"]!.GetValue<string>()), cancellation);
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        _socket.Dispose();
        if (!_browser.HasExited)
        {
            _browser.Kill(entireProcessTree: true);
            await _browser.WaitForExitAsync();
        }

        _browser.Dispose();
    }

    /// <summary>Chromium says on stderr where its DevTools endpoint listens.</summary>
    private async Task<string> DevToolsUrlAsync(CancellationToken cancellation)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        while (await _browser.StandardError.ReadLineAsync(timeout.Token) is { } line)
        {
            if (DevToolsListening().Match(line) is { Success: true } match)
            {
                return match.Groups[1].Value;
            }
        }

        throw new InvalidOperationException("Chromium exited without opening its DevTools endpoint.");
    }

    /// <summary>Sends one command and returns its result, skipping the events that arrive meanwhile.</summary>
    private async Task<JsonNode> SendAsync(string method, JsonObject parameters, CancellationToken cancellation)
    {
        var id = ++_nextId;
        var command = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters }.ToJsonString();
        await _socket.SendAsync(Encoding.UTF8.GetBytes(command), WebSocketMessageType.Text, endOfMessage: true, cancellation);
        var buffer = new byte[1 << 16];
        while (true)
        {
            using var message = new MemoryStream();
            WebSocketReceiveResult received;
            do
            {
                received = await _socket.ReceiveAsync(buffer, cancellation);
                message.Write(buffer, 0, received.Count);
            }
            while (!received.EndOfMessage);

            var answer = JsonNode.Parse(message.ToArray())!;
            if (answer["id"]?.GetValue<int>() == id)
            {
                Assert.True(answer["error"] is null, $"{method} failed: {answer["error"]}");
                return answer["result"]!;
            }
        }
    }

    [GeneratedRegex(@"DevTools listening on (ws://\S+)")]
    private static partial Regex DevToolsListening();
}
