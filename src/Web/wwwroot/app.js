// Saves a file the server produced (exports, invitations) without leaving the page.
window.platformDownload = (url) => {
    const a = document.createElement('a');
    a.href = url;
    a.rel = 'noopener';
    document.body.appendChild(a);
    a.click();
    a.remove();
};

// A circuit refreshed the user's tokens: the server hands an encrypted envelope to be written into the cookie.
window.platformRenewSession = async (ticket) => {
    const response = await fetch('session/renew', {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ ticket }),
    });
    return response.status;
};
