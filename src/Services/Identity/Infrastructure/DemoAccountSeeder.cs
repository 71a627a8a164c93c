using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Platform.Identity.Domain;
using Platform.Messaging;
using Platform.ServiceDefaults;

namespace Platform.Identity.Infrastructure;

/// <summary>The development demo accounts, all with the password <see cref="Password"/>.</summary>
public static class DemoAccounts
{
    public const string Password = "Demo@12345";

    /// <summary>The demo accounts' mail domain: the mail sink in <c>./run.sh</c> shows what is sent to them.</summary>
    public const string EmailDomain = "demo.haiphong.edu.vn";

    public sealed record Account(string UserName, string DisplayName, string UnitCode, string Role)
    {
        public string Email => $"{UserName}@{EmailDomain}";
    }

    public static readonly IReadOnlyList<Account> All =
    [
        new("admin", "Quản trị hệ thống Sở GDĐT", DemoUnitIds.Department, PlatformRoles.SystemAdmin),
        new("department.officer", "Chuyên viên Văn phòng Sở", DemoUnitIds.DepartmentOffice, PlatformRoles.DepartmentOfficer),
        new("district.officer", "Chuyên viên Phòng GDĐT Lê Chân", DemoUnitIds.LeChanDistrictOffice, PlatformRoles.DistrictOfficer),
        new("commune.officer", "Chuyên viên Phòng Văn hóa – Xã hội phường Lê Chân", DemoUnitIds.LeChanCommuneDivision, PlatformRoles.DistrictOfficer),
        new("school.principal", "Hiệu trưởng Trường THCS Lý Thái Tổ", DemoUnitIds.LeChanLowerSecondarySchool, PlatformRoles.SchoolManager),
        new("school.staff", "Văn thư Trường THCS Lý Thái Tổ", DemoUnitIds.LeChanLowerSecondarySchool, PlatformRoles.SchoolStaff),
        new("thpt.principal", "Hiệu trưởng Trường THPT Ngô Quyền", DemoUnitIds.NgoQuyenUpperSecondarySchool, PlatformRoles.SchoolManager),
        new("police.liaison", "Cán bộ phối hợp Công an thành phố", DemoUnitIds.CityPolice, PlatformRoles.PoliceLiaison),
        new("auditor", "Thanh tra Sở GDĐT", DemoUnitIds.Department, PlatformRoles.Auditor),
        new("dpo", "Cán bộ bảo vệ dữ liệu cá nhân Sở GDĐT", DemoUnitIds.DepartmentOffice, PlatformRoles.DataProtectionOfficer),
    ];

    /// <summary>Demo accounts exist only in Development with <c>Demo:Enabled</c> true.</summary>
    public static bool Enabled(IHostEnvironment environment, IConfiguration configuration) =>
        environment.IsDevelopment() && configuration.GetValue("Demo:Enabled", false);
}

/// <summary>
/// Creates the demo accounts that are missing when demo data is enabled; otherwise removes any demo
/// account a development run left in the database, so none exists outside Development.
/// </summary>
internal sealed class DemoAccountSeeder(
    UserManager<UserAccount> users,
    IHostEnvironment environment,
    IConfiguration configuration,
    ILogger<DemoAccountSeeder> logger) : IDatabaseSeeder<IdentityDbContext>
{
    private const string Seed = "demo-seed";

    public async Task SeedAsync(IdentityDbContext db, CancellationToken cancellationToken)
    {
        if (!DemoAccounts.Enabled(environment, configuration))
        {
            var removed = await db.Users.Where(u => u.IsDemo).ExecuteDeleteAsync(cancellationToken);
            if (removed > 0)
            {
                logger.LogWarning("Removed {Count} demo accounts: demo data is not enabled here", removed);
            }
            return;
        }

        var now = DateTimeOffset.UtcNow;
        foreach (var demo in DemoAccounts.All)
        {
            if (await users.FindByNameAsync(demo.UserName) is { } existing)
            {
                await CompleteAsync(db, existing, demo, now, cancellationToken);
                continue;
            }
            var account = new UserAccount
            {
                Id = Guid.CreateVersion7(),
                UserName = demo.UserName,
                DisplayName = demo.DisplayName,
                Email = demo.Email,
                UnitId = DemoUnitIds.For(demo.UnitCode),
                UnitCode = demo.UnitCode,
                IsDemo = true,
                LockoutEnabled = true,
                CreatedAt = now,
                CreatedBy = Seed,
                UpdatedBy = Seed,
            };
            account.Touch(Seed, now);
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            ThrowIfFailed(await users.CreateAsync(account, DemoAccounts.Password), demo.UserName);
            ThrowIfFailed(await users.AddToRoleAsync(account, demo.Role), demo.UserName);
            db.AddIntegrationEvent(AccountEvents.Registered(account, [demo.Role], now));
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            logger.LogInformation("Created demo account {UserName} ({Role}, unit {UnitCode})", demo.UserName, demo.Role, demo.UnitCode);
        }
    }

    /// <summary>
    /// A demo account from an earlier run without its email address gets it now, with a
    /// <c>UserAccountUpdated</c> in the same save, so the platform can mail it.
    /// </summary>
    private async Task CompleteAsync(IdentityDbContext db, UserAccount account, DemoAccounts.Account demo, DateTimeOffset now, CancellationToken ct)
    {
        if (!account.IsDemo || string.Equals(account.Email, demo.Email, StringComparison.Ordinal))
        {
            return;
        }
        account.Email = demo.Email;
        account.Touch(Seed, now);
        db.AddIntegrationEvent(AccountEvents.Updated(account, await users.GetRolesAsync(account), now));
        ThrowIfFailed(await users.UpdateAsync(account), demo.UserName);
        logger.LogInformation("Gave demo account {UserName} the address {Email}", demo.UserName, demo.Email);
    }

    private static void ThrowIfFailed(IdentityResult result, string userName)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Could not create demo account {userName}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }
    }
}
