using Kecs.Ecs.Model;
using Kecs.EcsApi.Services;

namespace Kecs.EcsApi.Tests;

public sealed class ServiceEventsTests
{
    [Fact]
    public void A_services_events_are_newest_first_and_capped_at_a_hundred()
    {
        var service = new Service { ServiceName = "websvc" };
        var start = DateTimeOffset.Parse("2026-11-30T00:00:00Z");
        for (var i = 1; i <= 105; i++)
        {
            ServiceEvents.Add(service, $"(service websvc) event {i}.", start.AddSeconds(i));
        }

        Assert.Equal(ServiceEvents.Max, service.Events!.Count);
        Assert.Equal("(service websvc) event 105.", service.Events[0].Message);
        Assert.Equal("(service websvc) event 6.", service.Events[^1].Message);
        Assert.Equal(service.Events.Count, service.Events.Select(e => e.Id).Distinct().Count());
    }
}
