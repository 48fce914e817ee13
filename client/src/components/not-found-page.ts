import { LitElement, css, html } from 'lit';

/** A clear dead end: what was not found, and where to go instead. */
export class NotFoundPage extends LitElement {
  static override properties = {
    heading: {},
    message: {},
    backHref: { attribute: 'back-href' },
    backLabel: { attribute: 'back-label' },
  };

  declare heading: string;
  declare message: string;
  declare backHref: string;
  declare backLabel: string;

  static override styles = css`
    :host {
      display: block;
      max-width: 36rem;
      margin: 4rem auto;
      padding: 0 1.5rem;
      text-align: center;
    }
    h1 {
      font-family: Georgia, serif;
      font-weight: 400;
    }
    a {
      color: #00798c;
    }
  `;

  constructor() {
    super();
    this.heading = 'Not found';
    this.message = 'There is nothing at this address.';
    this.backHref = '/';
    this.backLabel = 'Go to the start page';
  }

  protected override render() {
    return html`<section role="alert" aria-labelledby="heading">
      <h1 id="heading">${this.heading}</h1>
      <p>${this.message}</p>
      <p><a href=${this.backHref}>${this.backLabel}</a></p>
    </section>`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'not-found-page': NotFoundPage;
  }
}
