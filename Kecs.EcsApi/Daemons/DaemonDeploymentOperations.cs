using Kecs.Ecs;
using Kecs.Ecs.Model;
using Kecs.EcsApi.Protocol;
using Kecs.EcsApi.State;

namespace Kecs.EcsApi.Daemons;

/// <summary>List and describe a daemon's deployments, and describe its revisions (kept as long as the daemon is).</summary>
public sealed class DaemonDeploymentOperations(EcsStore store)
{
    private const int MaxDescribed = 20;
    private static readonly string[] Statuses =
        ["PENDING", "SUCCESSFUL", "STOPPED", "STOP_REQUESTED", "IN_PROGRESS", "ROLLBACK_IN_PROGRESS", "ROLLBACK_SUCCESSFUL", "ROLLBACK_FAILED"];

    public static void Map(EcsOperationRegistry operations) => operations.For<DaemonDeploymentOperations>()
        .Map(EcsOperations.ListDaemonDeployments,
            static (ops, request, context, _) => Task.FromResult(ops.List(request, context)))
        .Map(EcsOperations.DescribeDaemonDeployments,
            static (ops, request, context, _) => Task.FromResult(ops.DescribeDeployments(request, context)))
        .Map(EcsOperations.DescribeDaemonRevisions,
            static (ops, request, context, _) => Task.FromResult(ops.DescribeRevisions(request, context)));

    public ListDaemonDeploymentsResponse List(ListDaemonDeploymentsRequest request, EcsRequestContext context)
    {
        var pageSize = Paging.PageSize(request.MaxResults, defaultSize: 20, largestSize: 100);
        foreach (var status in request.Status ?? [])
        {
            EnumValue.Require(status, Statuses, "status");
        }

        var after = Paging.ContinueAfter(request.NextToken);
        var (daemon, deployments) = store.Read(state =>
        {
            var daemon = DaemonStore.Require(state, request.DaemonArn, context);
            return (daemon, daemon.Deployments.AsEnumerable().Reverse()
                .Where(d => request.Status is not { Count: > 0 } statuses || statuses.Contains(d.Status!))
                .Where(d => (request.CreatedAt?.Before is not { } before || d.CreatedAt < before) && (request.CreatedAt?.After is not { } since || d.CreatedAt > since))
                .SkipWhile(d => after.Length > 0 && d.DaemonDeploymentArn != after)
                .Skip(after.Length > 0 ? 1 : 0)
                .ToList());
        });
        var page = deployments.Take(pageSize).ToList();
        return new ListDaemonDeploymentsResponse
        {
            DaemonDeployments = page.Select(d => DaemonView.Summary(daemon, d)).ToList(),
            NextToken = deployments.Count > pageSize ? Paging.NextToken(page[^1].DaemonDeploymentArn!) : null,
        };
    }

    public DescribeDaemonDeploymentsResponse DescribeDeployments(DescribeDaemonDeploymentsRequest request, EcsRequestContext context)
    {
        var arns = Described(request.DaemonDeploymentArns, "daemonDeploymentArns");
        return store.Read(state =>
        {
            var (deployments, failures) = Describe(state, arns, "daemon-deployment", context,
                (daemon, arn) => daemon.Deployments.FirstOrDefault(d => d.DaemonDeploymentArn == arn) is { } found ? DaemonView.Deployment(state, daemon, found) : null);
            return new DescribeDaemonDeploymentsResponse { DaemonDeployments = deployments, Failures = failures };
        });
    }

    public DescribeDaemonRevisionsResponse DescribeRevisions(DescribeDaemonRevisionsRequest request, EcsRequestContext context)
    {
        var arns = Described(request.DaemonRevisionArns, "daemonRevisionArns");
        return store.Read(state =>
        {
            var (revisions, failures) = Describe(state, arns, "daemon-revision", context,
                (daemon, arn) => daemon.Revisions.FirstOrDefault(r => r.DaemonRevisionArn == arn));
            return new DescribeDaemonRevisionsResponse { DaemonRevisions = revisions, Failures = failures };
        });
    }

    /// <summary>What each ARN (a deployment's or a revision's, <c>TYPE/CLUSTER/NAME/ID</c>) names in its daemon, or MISSING.</summary>
    private static (List<T> Found, List<Failure> Failures) Describe<T>(
        EcsState state, List<string> arns, string type, EcsRequestContext context, Func<StoredDaemon, string, T?> find) where T : class
    {
        var found = new List<T>();
        var failures = new List<Failure>();
        foreach (var arn in arns)
        {
            if (DaemonOf(state, arn, type, context) is { } daemon && find(daemon, EcsArn.InAccount(arn, context.AccountId)) is { } item)
            {
                found.Add(item);
            }
            else
            {
                failures.Add(new Failure { Arn = arn, Reason = "MISSING" });
            }
        }

        return (found, failures);
    }

    private static List<string> Described(List<string>? arns, string member)
    {
        var given = Required.Value(arns, member);
        return given.Count is 0 or > MaxDescribed
            ? throw EcsException.InvalidParameter($"{member} must list between 1 and {MaxDescribed} ARNs.")
            : given;
    }

    /// <summary>The daemon a deployment or revision ARN (<c>TYPE/CLUSTER/NAME/ID</c>) belongs to, deleted or not.</summary>
    private static StoredDaemon? DaemonOf(EcsState state, string value, string type, EcsRequestContext context) =>
        EcsArn.Parse(EcsArn.InAccount(value, context.AccountId)) is { Segments: [var cluster, var name, _] } arn
        && arn.ResourceType == type && arn.Region == context.Region && arn.Account == context.AccountId
            ? DaemonStore.Find(state, context.Arn($"daemon/{cluster}/{name}"))
            : null;
}
