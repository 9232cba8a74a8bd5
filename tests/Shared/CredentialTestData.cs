using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Scari.Web.Data;
using Scari.Web.Features.Certificates;

namespace Scari.Testing;

public static class CredentialTestData
{
    /// <summary>
    /// Turns an issued certificate into one issued before Open Badges 3.0, as the migration left them: no VC-JWT, no
    /// status list entry, and SCARI's own ECDSA signature over the snapshot (document included).
    /// </summary>
    public static Task<string> MakeLegacyCertificateAsync(this ScariAppFactory app, string code) =>
        app.WithScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<ScariDbContext>();
            var key = await sp.GetRequiredService<CertificateKeys>().GetAsync(default);
            var certificate = await db.Certificates.SingleAsync(c => c.Code == code);
            certificate.CredentialJwt = null;
            certificate.StatusListIndex = null;
            certificate.Signature = key.Sign(SignedFields.Of(certificate));
            await db.SaveChangesAsync();
            return code;
        });
}
