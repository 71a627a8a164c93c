// Saves a file the server produced (exports, invitations) without leaving the page.
window.platformDownload = (url) => {
    const a = document.createElement('a');
    a.href = url;
    a.rel = 'noopener';
    document.body.appendChild(a);
    a.click();
    a.remove();
};
