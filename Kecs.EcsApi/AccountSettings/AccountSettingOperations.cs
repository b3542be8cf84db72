using Kecs.Ecs.Model;
using Kecs.EcsApi.Model;
using Kecs.EcsApi.Protocol;
using Kecs.EcsApi.State;

namespace Kecs.EcsApi.AccountSettings;

/// <summary>
/// Account settings per principal, with account defaults (set on the account root) and the values AWS
/// manages underneath. Kecs always issues long ARNs whatever these say; the settings are stored and reported.
/// </summary>
public sealed class AccountSettingOperations(EcsStore store)
{
    private const string User = "user";
    private const string AwsManaged = "aws_managed";

    public static void Map(EcsOperationRegistry operations) => operations.For<AccountSettingOperations>()
        .Map(EcsOperations.PutAccountSetting,
            static async (ops, request, context, ct) => new PutAccountSettingResponse
            {
                Setting = await ops.PutAsync(request.Name, request.Value, request.PrincipalArn, context, ct),
            })
        .Map(EcsOperations.PutAccountSettingDefault,
            static async (ops, request, context, ct) => new PutAccountSettingDefaultResponse
            {
                Setting = await ops.PutAsync(request.Name, request.Value, principalArn: null, context, ct),
            })
        .Map(EcsOperations.ListAccountSettings,
            static (ops, request, context, _) => Task.FromResult(ops.List(request, context)))
        .Map(EcsOperations.DeleteAccountSetting,
            static (ops, request, context, ct) => ops.DeleteAsync(request, context, ct));

    public async Task<Setting> PutAsync(string? name, string? value, string? principalArn, EcsRequestContext context, CancellationToken cancellation)
    {
        var settingName = ValidName(name);
        var settingValue = Required.Value(value, "value");
        var allowed = AccountSettingDefaults.Settings[settingName].Allowed;
        if (!allowed.Contains(settingValue))
        {
            throw EcsException.InvalidParameter($"'{settingValue}' is not a valid value for {settingName}. Valid values: {string.Join(", ", allowed)}.");
        }

        var principal = principalArn ?? context.CallerArn;
        await store.WriteAsync(write =>
        {
            write.Put(new AccountSettingRow(context.Region, context.AccountId, principal, settingName, settingValue));
            return true;
        }, cancellation);
        return new Setting { Name = settingName, Value = settingValue, PrincipalArn = principal, Type = User };
    }

    public ListAccountSettingsResponse List(ListAccountSettingsRequest request, EcsRequestContext context)
    {
        var pageSize = Paging.PageSize(request.MaxResults, defaultSize: 10, largestSize: 10);
        var after = Paging.ContinueAfter(request.NextToken);
        if (request.Name is { } name)
        {
            ValidName(name);
        }

        var principal = request.PrincipalArn ?? context.CallerArn;
        var stored = store.Current.AccountSettings.Values
            .Where(row => row.Region == context.Region && row.Account == context.AccountId
                          && (row.PrincipalArn == principal || row.PrincipalArn == context.CallerArn))
            .Select(row => (Principal: row.PrincipalArn, row.Name, row.Value))
            .ToList();

        var settings = new List<Setting>();
        foreach (var (settingName, (defaultValue, _)) in AccountSettingDefaults.Settings)
        {
            var own = stored.FirstOrDefault(s => s.Principal == principal && s.Name == settingName);
            var accountDefault = stored.FirstOrDefault(s => s.Principal == context.CallerArn && s.Name == settingName);
            var setting = own.Name is not null ? new Setting { Name = settingName, Value = own.Value, PrincipalArn = principal, Type = User }
                : request.EffectiveSettings != true ? null
                : accountDefault.Name is not null ? new Setting { Name = settingName, Value = accountDefault.Value, PrincipalArn = principal, Type = User }
                : new Setting { Name = settingName, Value = defaultValue, PrincipalArn = principal, Type = AwsManaged };
            if (setting is not null && (request.Name is null || request.Name == settingName) && (request.Value is null || request.Value == setting.Value))
            {
                settings.Add(setting);
            }
        }

        var remaining = settings.Where(s => string.CompareOrdinal(s.Name, after) > 0).ToList();
        var page = remaining.Take(pageSize).ToList();
        return new ListAccountSettingsResponse
        {
            Settings = page,
            NextToken = remaining.Count > pageSize ? Paging.NextToken(page[^1].Name!) : null,
        };
    }

    public async Task<DeleteAccountSettingResponse> DeleteAsync(DeleteAccountSettingRequest request, EcsRequestContext context, CancellationToken cancellation)
    {
        var name = ValidName(request.Name);
        var principal = request.PrincipalArn ?? context.CallerArn;
        var value = await store.WriteAsync(write =>
        {
            var row = write.State.AccountSettings.GetValueOrDefault(RowKey.Of(context.Region, context.AccountId, principal, name))
                      ?? throw EcsException.InvalidParameter($"The account setting {name} is not set for {principal}.");
            write.Delete(row);
            return row.Value;
        }, cancellation);
        return new DeleteAccountSettingResponse { Setting = new Setting { Name = name, Value = value, PrincipalArn = principal, Type = User } };
    }

    private static string ValidName(string? name) =>
        AccountSettingDefaults.Settings.ContainsKey(Required.Value(name, "name"))
            ? name!
            : throw EcsException.InvalidParameter(
                $"'{name}' is not an account setting. Valid names: {string.Join(", ", AccountSettingDefaults.Settings.Keys)}.");
}
