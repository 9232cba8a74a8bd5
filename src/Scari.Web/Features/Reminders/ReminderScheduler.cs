using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Scari.Web.Data;
using Scari.Web.Features.Mail;

namespace Scari.Web.Features.Reminders;

/// <summary><c>Reminders:*</c>: whether this instance looks for due reminders, how often, and how long its lease lasts.</summary>
public sealed class ReminderOptions
{
    public bool Enabled { get; set; } = true;
    public double PollMinutes { get; set; } = 30;
    /// <summary>A run whose instance died is taken over after this.</summary>
    public double LeaseMinutes { get; set; } = 10;
}

/// <summary>
/// Looks for due reminders every <see cref="ReminderOptions.PollMinutes"/>. Everything it needs is in the database
/// (enrollments, progress, <see cref="ReminderSend"/>), so a restart loses nothing: the next pass finds what is due.
/// With several instances, one conditional UPDATE of a <see cref="JobLease"/> row lets one run at a time, and the unique
/// (kind, target, occurrence) index refuses a duplicate even if two passes ever overlapped.
/// </summary>
public sealed partial class ReminderScheduler(IServiceScopeFactory scopes, IOptions<ReminderOptions> options, TimeProvider clock,
    ILogger<ReminderScheduler> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled) return;
        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await RunOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                // The database may be unreachable or not yet migrated: the next pass tries again.
                LogFailed(log, e.Message, e);
            }
            try { await Task.Delay(TimeSpan.FromMinutes(options.Value.PollMinutes), clock, stoppingToken); }
            catch (OperationCanceledException) { break; }
        }
    }

    /// <summary>One pass, if this instance gets the lease; null when another instance is running one.</summary>
    public async Task<ReminderRun.Result?> RunOnceAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ScariDbContext>();
        var holder = Guid.NewGuid();
        var now = clock.GetUtcNow().UtcDateTime;
        var until = now.AddMinutes(options.Value.LeaseMinutes);
        var claimed = await db.JobLeases.Where(j => j.Name == JobLease.Reminders && j.LeaseUntilUtc < now)
            .ExecuteUpdateAsync(u => u.SetProperty(j => j.LeaseUntilUtc, until).SetProperty(j => j.Holder, holder), ct);
        if (claimed == 0 && !await ClaimMissingRowAsync(db, holder, until, ct)) return null;
        try
        {
            // This scheduler's clock, so a test that moves it moves the whole pass.
            return await ActivatorUtilities.CreateInstance<ReminderRun>(scope.ServiceProvider, clock).RunAsync(ct);
        }
        finally
        {
            await db.JobLeases.Where(j => j.Name == JobLease.Reminders && j.Holder == holder)
                .ExecuteUpdateAsync(u => u.SetProperty(j => j.LeaseUntilUtc, JobLease.Released).SetProperty(j => j.Holder, (Guid?)null)
                    .SetProperty(j => j.LastRunUtc, now), CancellationToken.None);
        }
    }

    /// <summary>The migration seeds the lease's row; should it be gone (a database emptied by hand), the first to insert it holds it.</summary>
    private static async Task<bool> ClaimMissingRowAsync(ScariDbContext db, Guid holder, DateTime until, CancellationToken ct)
    {
        if (await db.JobLeases.AnyAsync(j => j.Name == JobLease.Reminders, ct)) return false;
        db.JobLeases.Add(new JobLease { Name = JobLease.Reminders, LeaseUntilUtc = until, Holder = holder });
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return false;
        }
    }

    [LoggerMessage(EventId = 7202, Level = LogLevel.Error, Message = "Recordatorios: la pasada falló ({Reason}); se intentará de nuevo.")]
    private static partial void LogFailed(ILogger logger, string reason, Exception e);
}

public static class RemindersSetup
{
    public static IServiceCollection AddScariReminders(this IServiceCollection services)
    {
        services.AddOptions<ReminderOptions>().BindConfiguration("Reminders");
        services.AddScoped<MailPreferences>();
        services.AddScoped<ReminderRun>();
        services.AddScoped<IOutboxGuard, NotStartedReminderGuard>();
        services.AddScoped<IOutboxGuard, StalledReminderGuard>();
        services.AddScoped<IOutboxGuard, ClosingReminderGuard>();
        services.AddScoped<IOutboxGuard, DigestGuard>();
        services.AddSingleton<ReminderScheduler>();
        services.AddHostedService(sp => sp.GetRequiredService<ReminderScheduler>());
        return services;
    }
}
