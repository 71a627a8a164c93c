namespace Platform.Identity.Domain;

/// <summary>What a person is told when signing in fails, in Vietnamese or English by the request culture.</summary>
public static class SignInMessages
{
    /// <summary>The same text whether the user name or the password was wrong, so accounts cannot be probed.</summary>
    public static string BadCredentials() => Text.Pick(
        "Tên đăng nhập hoặc mật khẩu không đúng.",
        "The user name or password is incorrect.");

    public static string Missing() => Text.Pick(
        "Hãy nhập tên đăng nhập và mật khẩu.",
        "Enter your user name and password.");

    public static string LockedOut(UserAccount account)
    {
        if (account.IsLockedByAdmin)
        {
            return Text.Pick(
                "Tài khoản đã bị quản trị viên khóa. Hãy liên hệ quản trị hệ thống của đơn vị để được mở khóa.",
                "This account has been locked by an administrator. Ask your unit's system administrator to unlock it.");
        }
        var until = account.LockoutEnd is { } end
            ? TimeZoneInfo.ConvertTime(end, VietnamTime.Zone).ToString("HH:mm dd/MM/yyyy", System.Globalization.CultureInfo.InvariantCulture)
            : null;
        return until is null
            ? Text.Pick(
                $"Tài khoản tạm khóa do đăng nhập sai {AccountRules.MaxFailedSignIns} lần liên tiếp. Hãy thử lại sau {AccountRules.LockoutDuration.TotalMinutes:0} phút.",
                $"The account is locked after {AccountRules.MaxFailedSignIns} failed sign-ins in a row. Try again in {AccountRules.LockoutDuration.TotalMinutes:0} minutes.")
            : Text.Pick(
                $"Tài khoản tạm khóa do đăng nhập sai {AccountRules.MaxFailedSignIns} lần liên tiếp, đến {until} (giờ Việt Nam).",
                $"The account is locked after {AccountRules.MaxFailedSignIns} failed sign-ins in a row, until {until} (Vietnam time).");
    }

    public static string AccountGone() => Text.Pick(
        "Tài khoản không còn tồn tại hoặc đã bị khóa.",
        "The account no longer exists or has been locked.");

    public static string MustChangePassword() => Text.Pick(
        "Mật khẩu này do quản trị viên đặt và chỉ dùng được một lần. Hãy đăng nhập qua trang đăng nhập trên web để chọn mật khẩu mới.",
        "This password was set by an administrator and can be used only once. Sign in through the web sign-in page to choose your own password.");

    public static string ChoosePassword() => Text.Pick(
        "Mật khẩu của bạn do quản trị viên đặt. Hãy chọn mật khẩu mới để tiếp tục.",
        "Your password was set by an administrator. Choose a new password to continue.");

    public static string PasswordsDiffer() => Text.Pick(
        "Hai mật khẩu mới không khớp nhau.",
        "The two new passwords do not match.");

    public static string PasswordUnchanged() => Text.Pick(
        "Mật khẩu mới phải khác mật khẩu do quản trị viên đặt.",
        "The new password must differ from the one the administrator set.");

    public static string NewPasswordMissing() => Text.Pick(
        "Hãy nhập mật khẩu mới.",
        "Enter a new password.");

    public static string ConfirmationMissing() => Text.Pick(
        "Hãy nhập lại mật khẩu mới.",
        "Enter the new password again.");

    public static string ChangeExpired() => Text.Pick(
        "Phiên đổi mật khẩu đã hết hạn. Hãy đăng nhập lại bằng mật khẩu quản trị viên đã đặt.",
        "The password change form expired. Sign in again with the password the administrator set.");

    public static string SessionExpired() => Text.Pick(
        "Phiên đăng nhập đã hết hạn. Hãy nhập lại tên đăng nhập và mật khẩu.",
        "The sign-in form expired. Enter your user name and password again.");
}
