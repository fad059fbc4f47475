// Placeholder: the view is being built (issue 9, view 11); until then the designed "coming soon" page.
export { Component } from '../ComingSoon.js';
