using Kecs.Ecs.Model;
using Kecs.EcsApi.Clusters;
using Kecs.EcsApi.Model;
using Kecs.EcsApi.Protocol;

namespace Kecs.EcsApi.CapacityProviders;

/// <summary>DescribeCapacityProviders over the providers every account has: FARGATE and FARGATE_SPOT.</summary>
public sealed class CapacityProviderOperations
{
    public static void Map(EcsOperationRegistry operations) => operations.For<CapacityProviderOperations>()
        .Map(EcsOperations.DescribeCapacityProviders,
            static (ops, request, context, _) => Task.FromResult(ops.Describe(request, context)));

    public DescribeCapacityProvidersResponse Describe(DescribeCapacityProvidersRequest request, EcsRequestContext context)
    {
        var pageSize = Paging.PageSize(request.MaxResults, defaultSize: 10, largestSize: 10);
        var after = Paging.ContinueAfter(request.NextToken);
        var includeTags = IncludeParser.Tags(request.Include);
        var names = request.CapacityProviders is { Count: > 0 } given
            ? given
            : ClusterValidation.BuiltInCapacityProviders.Order(StringComparer.Ordinal).ToList();

        var response = new DescribeCapacityProvidersResponse { CapacityProviders = [], Failures = [] };
        foreach (var value in names)
        {
            var name = value.StartsWith("arn:", StringComparison.Ordinal) ? value[(value.LastIndexOf('/') + 1)..] : value;
            var arn = context.Arn($"capacity-provider/{name}");
            if (!ClusterValidation.BuiltInCapacityProviders.Contains(name) || (value.StartsWith("arn:", StringComparison.Ordinal) && value != arn))
            {
                response.Failures.Add(new Failure { Arn = value.StartsWith("arn:", StringComparison.Ordinal) ? value : arn, Reason = "MISSING" });
            }
            else if (string.CompareOrdinal(name, after) > 0)
            {
                response.CapacityProviders.Add(new CapacityProvider
                {
                    CapacityProviderArn = arn,
                    Name = name,
                    Status = "ACTIVE",
                    Type = name,
                    Tags = includeTags ? [] : null,
                });
            }
        }

        if (response.CapacityProviders.Count > pageSize)
        {
            response.CapacityProviders = response.CapacityProviders.Take(pageSize).ToList();
            response.NextToken = Paging.NextToken(response.CapacityProviders[^1].Name!);
        }

        return response;
    }
}
