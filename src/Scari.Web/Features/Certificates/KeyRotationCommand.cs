using System.Globalization;
using Scari.Web.Features.Admin;

namespace Scari.Web.Features.Certificates;

/// <summary>
/// <c>certificate rotate-key [--desde AAAA-MM-DDTHH:MM:SSZ]</c>: adds a new RSA key that signs Open Badges credentials from
/// that instant (default: now). Certificates already issued keep the key they were signed with, which stays published.
/// </summary>
public static class KeyRotationCommand
{
    public const string Usage = "Uso: certificate rotate-key [--desde AAAA-MM-DDTHH:MM:SSZ]";

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter error)
    {
        var clock = services.GetRequiredService<TimeProvider>();
        var from = SignedFields.TruncateToSeconds(clock.GetUtcNow().UtcDateTime);
        if (args is ["--desde", var text])
        {
            if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                error.WriteLine($"«{text}» no es una fecha y hora: escríbala como 2027-01-01T00:00:00Z.");
                return 2;
            }
            from = SignedFields.TruncateToSeconds(parsed.UtcDateTime);
            if (from < SignedFields.TruncateToSeconds(clock.GetUtcNow().UtcDateTime))
            {
                error.WriteLine("La nueva clave no puede firmar desde una fecha pasada: los certificados de esas fechas ya se firmaron con otra.");
                return 2;
            }
        }
        else if (args.Length > 0)
        {
            error.WriteLine(Usage);
            return 2;
        }

        await using var scope = services.CreateAsyncScope();
        var key = await scope.ServiceProvider.GetRequiredService<CredentialKeys>().RotateAsync(from, default);
        if (key is null)
        {
            error.WriteLine($"Ya hay una clave que firma desde {OpenBadgeCredential.Instant(from)}: elija otra fecha.");
            return 1;
        }
        var audit = scope.ServiceProvider.GetRequiredService<AuditLog>();
        audit.Record("certificate.key-rotated", "CredentialSigningKey", key.Thumbprint, $"Firma desde {OpenBadgeCredential.Instant(from)}");
        await scope.ServiceProvider.GetRequiredService<Data.ScariDbContext>().SaveChangesAsync();
        output.WriteLine($"Nueva clave {key.Thumbprint}: firma los certificados emitidos desde {OpenBadgeCredential.Instant(from)}.");
        output.WriteLine("Las claves anteriores siguen publicadas en /emisor/claves, así que sus certificados siguen verificando.");
        return 0;
    }
}
