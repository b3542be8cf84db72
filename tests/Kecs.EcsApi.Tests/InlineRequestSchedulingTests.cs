using Kecs.ServiceDefaults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Kecs.EcsApi.Tests;

/// <summary>A service started with inline socket completions also runs Kestrel's request code inline; others keep the thread pool.</summary>
public sealed class InlineRequestSchedulingTests
{
    [Theory]
    [InlineData("1", true)]
    [InlineData(null, false)]
    [InlineData("0", false)]
    public async Task Kestrel_schedules_requests_inline_only_with_inline_socket_completions(string? variable, bool inline)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Configuration[InlineRequestScheduling.Variable] = variable;
        builder.AddServiceDefaults();
        await using var app = builder.Build();

        Assert.Equal(inline, app.Services.GetRequiredService<IOptions<SocketTransportOptions>>().Value.UnsafePreferInlineScheduling);
    }
}
