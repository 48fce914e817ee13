import { css } from 'lit';

export const chapterListStyles = css`
  :host {
    display: block;
  }
  ol {
    margin: 0;
    padding: 0;
    list-style: none;
  }
  .toc {
    margin-bottom: 0.75rem;
    min-height: 1rem;
  }
  .chapter {
    display: flex;
    align-items: center;
    gap: 0.25rem;
  }
  .chapter[draggable='true'] {
    cursor: grab;
  }
  .part > ol {
    margin-left: 0.75rem;
    border-left: 2px solid #d8d2c4;
  }
  .part__head {
    display: flex;
    align-items: center;
    gap: 0.25rem;
    font-weight: 600;
    padding: 0.4rem 0.2rem 0.1rem;
  }
  .part__title {
    flex: 1;
  }
  a {
    flex: 1;
    display: flex;
    align-items: center;
    gap: 0.5rem;
    padding: 0.4rem 0.6rem;
    border-radius: 4px;
    color: inherit;
    text-decoration: none;
  }
  a:hover {
    background: #ece6d9;
  }
  a[aria-current='page'] {
    background: #2f4858;
    color: #fff;
  }
  .title {
    flex: 1;
  }
  .count {
    opacity: 0.7;
    font-size: 0.85em;
    white-space: nowrap;
  }
  .people {
    display: inline-flex;
    gap: 2px;
  }
  .person {
    display: inline-grid;
    place-items: center;
    width: 1.2rem;
    height: 1.2rem;
    border-radius: 50%;
    color: #fff;
    font-size: 0.7rem;
  }
  .hint {
    font-size: 0.8em;
    opacity: 0.7;
    margin: 0 0 0.5rem;
  }
  .actions {
    display: flex;
    gap: 0.5rem;
    flex-wrap: wrap;
  }
  button {
    font: inherit;
    padding: 0.35rem 0.8rem;
    border: 1px solid #2f4858;
    border-radius: 4px;
    background: #fff;
    cursor: pointer;
  }
  button.icon {
    border: none;
    background: transparent;
    padding: 0.2rem 0.4rem;
    opacity: 0.6;
  }
  button.icon:hover,
  button.icon:focus {
    opacity: 1;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
  }
`;
